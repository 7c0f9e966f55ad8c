//! The coded posts as Parquet, for R (`arrow::read_parquet`) and Python (pandas, polars).
//!
//! In: the coded posts as the CSV `pln-lens codes --csv` writes
//! ([`crate::report::posts::write_csv`]). Out: one Parquet file with the same columns in
//! the same order, typed: `created_at` a UTC timestamp in milliseconds, `live` an optional
//! boolean (empty when the post is in no chat), every other column text (topics stay
//! `|`-separated, reasons `; `-separated), Snappy-compressed. Going through the CSV keeps
//! one definition of the columns. Native only: see docs/research.md for why the page
//! offers CSV.

use std::io::Write;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::{Type, TypePtr};

use crate::error::{Error, ErrorKind};

/// The Parquet schema of the coded posts' columns (`header`, from the CSV).
fn schema(header: &[String]) -> Result<TypePtr, parquet::errors::ParquetError> {
    use parquet::basic::{LogicalType, Repetition, TimeUnit, Type as Physical};
    let fields = header
        .iter()
        .map(|name| {
            let field = match name.as_str() {
                "created_at" => Type::primitive_type_builder(name, Physical::INT64)
                    .with_logical_type(Some(LogicalType::timestamp(true, TimeUnit::MILLIS)))
                    .with_repetition(Repetition::REQUIRED),
                "live" => Type::primitive_type_builder(name, Physical::BOOLEAN)
                    .with_repetition(Repetition::OPTIONAL),
                _ => Type::primitive_type_builder(name, Physical::BYTE_ARRAY)
                    .with_logical_type(Some(LogicalType::String))
                    .with_repetition(Repetition::REQUIRED),
            };
            field.build().map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Arc::new(
        Type::group_type_builder("coded_posts")
            .with_fields(fields)
            .build()?,
    ))
}

fn invalid(e: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Io,
        format!("could not write the Parquet file: {e}"),
    )
}

/// Converts the coded posts' CSV (with its header) to Parquet, written to `out`.
pub fn codes_csv_to_parquet<W: Write + Send>(csv: &[u8], out: W) -> Result<W, Error> {
    let mut reader = csv::Reader::from_reader(csv);
    let header: Vec<String> = reader
        .headers()
        .map_err(invalid)?
        .iter()
        .map(str::to_string)
        .collect();
    let records: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .map_err(invalid)?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(concat!("pln-lens ", env!("CARGO_PKG_VERSION")).to_string())
        .build();
    let mut writer =
        SerializedFileWriter::new(out, schema(&header).map_err(invalid)?, Arc::new(props))
            .map_err(invalid)?;
    let mut group = writer.next_row_group().map_err(invalid)?;
    let mut column = 0;
    while let Some(mut col) = group.next_column().map_err(invalid)? {
        let cells = records.iter().map(|r| r.get(column).unwrap_or(""));
        match header[column].as_str() {
            "created_at" => {
                let values = cells
                    .map(|c| {
                        chrono::DateTime::parse_from_rfc3339(c)
                            .map(|t| t.timestamp_millis())
                            .map_err(invalid)
                    })
                    .collect::<Result<Vec<i64>, Error>>()?;
                col.typed::<Int64Type>()
                    .write_batch(&values, None, None)
                    .map_err(invalid)?;
            }
            "live" => {
                let cells: Vec<&str> = cells.collect();
                let values: Vec<bool> = cells
                    .iter()
                    .filter(|c| !c.is_empty())
                    .map(|c| *c == "true")
                    .collect();
                let levels: Vec<i16> = cells.iter().map(|c| i16::from(!c.is_empty())).collect();
                col.typed::<BoolType>()
                    .write_batch(&values, Some(&levels), None)
                    .map_err(invalid)?;
            }
            _ => {
                let values: Vec<ByteArray> = cells.map(ByteArray::from).collect();
                col.typed::<ByteArrayType>()
                    .write_batch(&values, None, None)
                    .map_err(invalid)?;
            }
        }
        col.close().map_err(invalid)?;
        column += 1;
    }
    group.close().map_err(invalid)?;
    writer.into_inner().map_err(invalid)
}
