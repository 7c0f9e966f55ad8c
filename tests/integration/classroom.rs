//! Issue 12's command-line contract: `summary`, `class`, the research exports and `batch`.
//! https://github.com/pln-lens/pln-lens/issues/12

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::scratch;
use pln_lens::synth::{personas::PERSONAS, sparse::SparseFile, x_archive};

pub fn pln(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pln-lens"))
        .args(args)
        .output()
        .expect("run pln-lens")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes every demo persona's archive into `dir`; returns their paths.
fn personas_in(dir: &Path) -> Vec<PathBuf> {
    PERSONAS
        .iter()
        .map(|p| {
            let path = dir.join(p.file_name());
            let file = SparseFile::create(&path).unwrap();
            x_archive::write(&p.spec(), file).unwrap().finish().unwrap();
            path
        })
        .collect()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn summary_then_class_shows_the_personas_side_by_side() {
    let dir = scratch("cli-class");
    let archives = personas_in(&dir);
    let mut summaries = Vec::new();
    for (archive, persona) in archives.iter().zip(PERSONAS) {
        let out = dir.join(format!("{}.summary.json", persona.id));
        let o = pln(&[
            "summary",
            s(archive),
            "-o",
            s(&out),
            "--pseudonym",
            persona.id,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        assert_eq!(json["kind"], pln_lens::summary::KIND);
        assert_eq!(json["pseudonym"], persona.id);
        summaries.push(out);
    }
    let mut args = vec!["class", "--json"];
    args.extend(summaries.iter().map(|p| s(p)));
    let o = pln(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let class: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(class["students"], 4);
    let names: Vec<&str> = class["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(names, ["early-career", "experienced", "reader", "leader"]);
    let figures = class["figures"].as_array().unwrap();
    let posts = figures.iter().find(|f| f["key"] == "posts").unwrap();
    assert_eq!(posts["values"].as_array().unwrap().len(), 4);
    // The reader posts least (docs/demos.md: 48 posts).
    assert_eq!(posts["min"], 48.0);
    // #edchat is shared by the early-career, experienced and reader personas.
    let edchat = class["chats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "edchat")
        .expect("edchat in common");
    assert!(
        edchat["students"].as_array().unwrap().len() >= 3,
        "{edchat}"
    );
    assert!(!class["prompts"].as_array().unwrap().is_empty());

    // As text.
    let mut args = vec!["class"];
    args.extend(summaries.iter().map(|p| s(p)));
    let text = String::from_utf8(pln(&args).stdout).unwrap();
    assert!(text.starts_with("Class view: 4 summaries"), "{text}");
    assert!(text.contains("Chats in common"), "{text}");

    // Something that is not a summary is a clean error naming the file.
    let o = pln(&["class", s(&archives[0])]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
}

/// The coded posts' CSV and Parquet of one archive, read back with the parquet crate's
/// own reader: the same columns, the same rows, typed.
#[test]
fn codes_as_parquet_read_back_equal_the_csv() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let dir = scratch("cli-parquet");
    let archive = &personas_in(&dir)[0];
    let out = dir.join("codes.parquet");
    let o = pln(&["codes", s(archive), "--parquet", s(&out), "--tz", "UTC"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let csv_out = pln(&["codes", s(archive), "--csv", "--tz", "UTC"]);
    let mut csv = csv::Reader::from_reader(&csv_out.stdout[..]);
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();

    let reader = SerializedFileReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let meta = reader.metadata();
    let columns: Vec<String> = meta
        .file_metadata()
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    assert_eq!(columns, header);
    assert_eq!(meta.file_metadata().num_rows() as usize, rows.len());
    let mut read = 0;
    for (row, want) in reader.get_row_iter(None).unwrap().zip(&rows) {
        let row = row.unwrap();
        for (i, (name, field)) in row.get_column_iter().enumerate() {
            let cell = &want[i];
            match (name.as_str(), field) {
                ("created_at", Field::TimestampMillis(ms)) => {
                    let t = chrono::DateTime::parse_from_rfc3339(cell).unwrap();
                    assert_eq!(*ms, t.timestamp_millis());
                }
                ("live", Field::Null) => assert_eq!(cell, ""),
                ("live", Field::Bool(b)) => assert_eq!(cell, b.to_string()),
                (_, Field::Str(text)) => assert_eq!(text, cell, "column {name}"),
                (_, other) => panic!("column {name}: unexpected {other:?}"),
            }
        }
        read += 1;
    }
    assert_eq!(read, rows.len());
    assert!(
        rows.iter().any(|r| &r[6] == "true"),
        "some posts are live in a chat"
    );
}

/// The network as GraphML, loaded with an XML parser, and as a CSV edge list: the person
/// and everyone in the report's `people`, edges weighted by their interactions.
#[test]
fn network_as_graphml_and_edges_csv_match_the_report() {
    use quick_xml::events::Event;
    let dir = scratch("cli-graphml");
    let archive = &personas_in(&dir)[1];
    let graphml = dir.join("net.graphml");
    let edges = dir.join("edges.csv");
    let o = pln(&[
        "network",
        s(archive),
        "--graphml",
        s(&graphml),
        "--edges-csv",
        s(&edges),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value =
        serde_json::from_slice(&pln(&["report", s(archive), "--json"]).stdout).unwrap();
    let people = report["people"].as_array().unwrap();
    assert!(people.len() > 50, "the experienced persona talks with many");

    let xml = std::fs::read_to_string(&graphml).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut nodes, mut edge_list) = (Vec::new(), Vec::new());
    let mut in_weight = false;
    let mut weights = Vec::new();
    loop {
        match reader.read_event().expect("well-formed GraphML") {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |k: &str| {
                    e.try_get_attribute(k).unwrap().map(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned()
                    })
                };
                match e.name().as_ref() {
                    "node" => nodes.push(attr("id").unwrap()),
                    "edge" => edge_list.push((attr("source").unwrap(), attr("target").unwrap())),
                    "data" => in_weight = attr("key").as_deref() == Some("weight"),
                    _ => {}
                }
            }
            Event::Text(t) if in_weight => {
                weights.push(t.trim().parse::<u32>().unwrap());
                in_weight = false;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(nodes.len(), people.len() + 1);
    assert_eq!(nodes[0], pln_lens::export::OWNER_NODE);
    assert_eq!(edge_list.len(), people.len());
    for ((edge, weight), p) in edge_list.iter().zip(&weights).zip(people) {
        assert_eq!(edge.0, "owner");
        assert_eq!(edge.1, p["key"].as_str().unwrap());
        assert_eq!(u64::from(*weight), p["posts"].as_u64().unwrap());
    }

    let mut csv = csv::Reader::from_path(&edges).unwrap();
    assert_eq!(csv.headers().unwrap(), &pln_lens::export::EDGE_COLUMNS[..]);
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), people.len());
    assert_eq!(&rows[0][1], people[0]["key"].as_str().unwrap());
    assert_eq!(rows[0][3], people[0]["posts"].to_string());
}

#[test]
fn sessions_table_has_a_row_per_chat_session() {
    let dir = scratch("cli-sessions");
    let archive = &personas_in(&dir)[0];
    let o = pln(&["sessions", s(archive)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value =
        serde_json::from_slice(&pln(&["report", s(archive), "--json"]).stdout).unwrap();
    let sessions: usize = report["chats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["sessions"].as_array().unwrap().len())
        .sum();
    let mut csv = csv::Reader::from_reader(&o.stdout[..]);
    assert_eq!(
        csv.headers().unwrap(),
        &pln_lens::export::SESSION_COLUMNS[..]
    );
    assert_eq!(csv.records().count(), sessions);
    assert!(sessions > 50, "early-career: UKEdChat, edchat, ASEChat");
}

/// `batch`: every export in a folder, a broken one reported on its own line without
/// stopping the others; exit 0 with one read, 2 with none.
#[test]
fn batch_analyses_a_folder_and_names_each_failure() {
    let dir = scratch("cli-batch");
    let input = dir.join("exports");
    std::fs::create_dir_all(&input).unwrap();
    let archives = personas_in(&input);
    std::fs::write(input.join("broken.zip"), b"PK\x03\x04 not really a zip").unwrap();
    std::fs::write(
        input.join("notes.txt"),
        b"not an export, not even looked at",
    )
    .unwrap();
    let out = dir.join("out");
    let o = pln(&["batch", s(&input), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(errors[0].contains("broken.zip: "), "{err}");
    for (archive, persona) in archives.iter().zip(PERSONAS) {
        let name = archive.file_stem().unwrap().to_str().unwrap();
        let summary = std::fs::read_to_string(out.join(format!("{name}.summary.json"))).unwrap();
        let summary = pln_lens::summary::Summary::from_json(&summary).unwrap();
        assert!(summary.activity.unwrap().posts > 0, "{}", persona.id);
        let codes = std::fs::read_to_string(out.join(format!("{name}.codes.csv"))).unwrap();
        assert!(
            codes.starts_with("id,created_at,kind,purpose"),
            "{codes:.80}"
        );
    }
    let mut combined = csv::Reader::from_path(out.join("combined.csv")).unwrap();
    let header = combined.headers().unwrap().clone();
    assert_eq!(&header[0], "archive");
    assert!(header.iter().any(|h| h == "purpose_ask"), "{header:?}");
    let rows: Vec<csv::StringRecord> = combined.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), PERSONAS.len());

    // Only broken exports: exit 2, still one line each.
    let bad = dir.join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("a.zip"), b"nope").unwrap();
    std::fs::write(bad.join("b.zip"), b"nope").unwrap();
    let o = pln(&["batch", s(&bad), "-o", s(&dir.join("out-bad"))]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error: ")).count(),
        2,
        "{err}"
    );
}
