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
