//! The explicit bounds on what one document may cost.

/// Explicit bounds on what one document may cost. Inputs past them are reported, never
/// silently cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Files larger than this are refused (`--max-file-size`). Default 32 MiB: the largest real
    /// policies are a few hundred KiB.
    pub max_file_size: u64,
    /// Cells past this in one row are merged into the last cell and reported. Default 256.
    pub max_cells_per_row: usize,
    /// Rows past this in one table are not read and are reported. Default 100,000.
    pub max_rows_per_table: usize,
    /// Elements nested deeper than this (HTML elements; Markdown block quotes and list items)
    /// are not nested further: past it, their markup is read as if it were absent and the text
    /// they hold is kept, with a `limit-exceeded` note. Default 128: real pages nest a few dozen
    /// levels, and the parsers' cost per tag or line grows with the depth they hold open.
    pub max_nesting_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 32 * 1024 * 1024,
            max_cells_per_row: 256,
            max_rows_per_table: 100_000,
            max_nesting_depth: 128,
        }
    }
}
