"""Pure computations of the investments domain (no Django): project signals and the duplicate-investment finder."""
