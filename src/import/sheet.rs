//! Reading a goal sheet (CSV, TSV or XLSX) into rows of text cells.

use std::fs;
use std::path::Path;

use calamine::{Data, Reader};

use crate::error::{Error, Result};

/// One row of the sheet with its 1-based position, for messages.
#[derive(Debug, Clone)]
pub struct Row {
    /// Where the row is: `12` for text files, `Sheet1!12` for workbooks.
    pub place: String,
    pub cells: Vec<String>,
}

/// Reads every row of the file; a workbook's sheets follow one another in order.
pub fn read(path: &Path) -> Result<Vec<Row>> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path),
        "csv" | "tsv" | "txt" => {
            let bytes = read_regular(path)?;
            let text = decode(&bytes);
            let delimiter = if extension == "csv" { b',' } else { b'\t' };
            read_delimited(path, &text, delimiter)
        }
        _ => Err(Error::Usage(format!(
            "{}: cannot tell the sheet's format from its name; use .csv, .tsv or .xlsx",
            path.display()
        ))),
    }
}

/// Larger than any sheet of goals, however many sections it holds.
const SHEET_LIMIT: u64 = 64 * 1024 * 1024;

/// The bytes of a file import reads (the sheet, the mapping, site.yaml), read
/// only if it is a regular file (a link to one is followed, since staff name
/// these files themselves): a pipe would make the import wait for ever.
pub(super) fn read_regular(path: &Path) -> Result<Vec<u8>> {
    let real = fs::canonicalize(path).map_err(|err| Error::io("read", path, err))?;
    let folder = real.parent().unwrap_or(Path::new("/"));
    crate::content::files::read_regular(folder, &real, SHEET_LIMIT).map_err(|diagnostic| {
        Error::Refused {
            code: diagnostic.code,
            message: format!("{}: {}", path.display(), diagnostic.message),
            help: diagnostic.help.unwrap_or_default(),
        }
    })
}

/// A YAML file import reads, as text.
pub(super) fn read_text(path: &Path) -> Result<String> {
    String::from_utf8(read_regular(path)?).map_err(|_| {
        Error::Usage(format!(
            "{}: not UTF-8 text; save it as UTF-8",
            path.display()
        ))
    })
}

/// Excel writes CSV as Shift_JIS on Japanese Windows and as UTF-8 with a BOM
/// when asked for UTF-8; anything that is valid UTF-8 is taken as UTF-8.
fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::SHIFT_JIS.decode(bytes).0.into_owned(),
    }
}

fn read_delimited(path: &Path, text: &str, delimiter: u8) -> Result<Vec<Row>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        // Excel quotes cells that hold line breaks, in CSV and TSV alike.
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| {
            let line = err.position().map_or(0, |p| p.line());
            Error::Sheet {
                path: path.to_path_buf(),
                place: line.to_string(),
                message: err.to_string(),
            }
        })?;
        let line = record.position().map_or(0, |p| p.line());
        rows.push(Row {
            place: line.to_string(),
            cells: record.iter().map(str::to_owned).collect(),
        });
    }
    Ok(rows)
}

fn read_workbook(path: &Path) -> Result<Vec<Row>> {
    let sheet_error = |place: String, err: &dyn std::fmt::Display| Error::Sheet {
        path: path.to_path_buf(),
        place,
        message: err.to_string(),
    };
    let mut workbook =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(read_regular(path)?))
            .map_err(|err| sheet_error(String::new(), &err))?;
    let mut rows = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|err| sheet_error(name.clone(), &err))?;
        // The range starts at the first used cell; pad so columns keep their positions.
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        for (offset, cells) in range.rows().enumerate() {
            let mut texts = vec![String::new(); first_column as usize];
            texts.extend(cells.iter().map(cell_text));
            rows.push(Row {
                place: format!("{name}!{}", first_row as usize + offset + 1),
                cells: texts,
            });
        }
    }
    Ok(rows)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}
