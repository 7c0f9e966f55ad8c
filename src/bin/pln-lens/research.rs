//! `pln-lens codes --parquet`, `pln-lens network` and `pln-lens sessions`: the research
//! exports (`pln_lens::export`) written to files or stdout.

use std::path::Path;

use pln_lens::analysis::Analysis;
use pln_lens::report::Report;
use pln_lens::{Error, ErrorKind};

fn cannot_write(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot write {}: {e}", path.display()),
        )
    }
}

fn csv_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Writes the coded posts as Parquet (the columns of `--csv`, typed).
pub fn write_parquet(analysis: &Analysis, with_text: bool, out: &Path) -> Result<(), Error> {
    let mut csv = Vec::new();
    analysis
        .write_codes_csv(&mut csv, with_text)
        .map_err(cannot_write(out))?;
    let file = std::fs::File::create(out).map_err(cannot_write(out))?;
    pln_lens::export::parquet::codes_csv_to_parquet(&csv, std::io::BufWriter::new(file))?;
    Ok(())
}

/// Writes the network as GraphML and/or a CSV edge list; with neither, the edge list on
/// stdout.
pub fn write_network(
    report: &Report,
    graphml: Option<&Path>,
    edges_csv: Option<&Path>,
) -> Result<(), Error> {
    if let Some(path) = graphml {
        let file = std::fs::File::create(path).map_err(cannot_write(path))?;
        pln_lens::export::write_graphml(report, std::io::BufWriter::new(file))
            .map_err(cannot_write(path))?;
    }
    if let Some(path) = edges_csv {
        let file = std::fs::File::create(path).map_err(cannot_write(path))?;
        pln_lens::export::write_edges_csv(report, file)
            .map_err(|e| cannot_write(path)(csv_error(e)))?;
    }
    if graphml.is_none() && edges_csv.is_none() {
        let written =
            pln_lens::export::write_edges_csv(report, std::io::stdout().lock()).map_err(csv_error);
        return super::finish_output(written);
    }
    Ok(())
}

/// Prints the chat sessions as CSV.
pub fn print_sessions(report: &Report) -> Result<(), Error> {
    let written =
        pln_lens::export::write_sessions_csv(report, std::io::stdout().lock()).map_err(csv_error);
    super::finish_output(written)
}
