"""On PostgreSQL the database itself refuses UPDATE and DELETE on the audit log (defence in depth)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION dxm_audit_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit entries are immutable';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS dxm_audit_immutable ON core_auditentry;
CREATE TRIGGER dxm_audit_immutable BEFORE UPDATE OR DELETE ON core_auditentry
  FOR EACH ROW EXECUTE FUNCTION dxm_audit_immutable();
"""
DROP = "DROP TRIGGER IF EXISTS dxm_audit_immutable ON core_auditentry; DROP FUNCTION IF EXISTS dxm_audit_immutable();"

SQLITE_CREATE = """
CREATE TRIGGER IF NOT EXISTS dxm_audit_no_update BEFORE UPDATE ON core_auditentry
BEGIN SELECT RAISE(ABORT, 'audit entries are immutable'); END;
"""
SQLITE_CREATE_DELETE = """
CREATE TRIGGER IF NOT EXISTS dxm_audit_no_delete BEFORE DELETE ON core_auditentry
BEGIN SELECT RAISE(ABORT, 'audit entries are immutable'); END;
"""


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(CREATE)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
        schema_editor.execute(SQLITE_CREATE_DELETE)


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(DROP)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS dxm_audit_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS dxm_audit_no_delete")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
