//! Research exports: the network and the chats as files for Gephi, R and Python.
//!
//! In: a finished [`Report`]. Out: bytes written to any `Write`: the network as GraphML
//! ([`write_graphml`]: nodes are the person and everyone they interacted with, directed
//! edges from the person weighted by interactions) and as a CSV edge list
//! ([`write_edges_csv`], the same edges), and the chat sessions as a CSV table
//! ([`write_sessions_csv`]). The coded posts as Parquet are in [`parquet`] (native only).
//! Pure and platform-free, so the page's Worker offers the same files for download as the
//! CLI writes. Unlike an anonymous summary these are the person's own data, handles
//! included: they stay on the machine they were made on.

#[cfg(not(target_arch = "wasm32"))]
pub mod parquet;

use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::network::PersonTie;
use crate::report::Report;

/// The node id of the archive's owner in the GraphML and edge list.
pub const OWNER_NODE: &str = "owner";

/// The columns of [`write_edges_csv`].
pub const EDGE_COLUMNS: [&str; 11] = [
    "source",
    "target",
    "handle",
    "weight",
    "replies",
    "mentions",
    "reposts",
    "quotes",
    "strength",
    "first_contact",
    "last_contact",
];

/// The columns of [`write_sessions_csv`].
pub const SESSION_COLUMNS: [&str; 13] = [
    "chat",
    "known",
    "role",
    "date",
    "start_utc",
    "end_utc",
    "local_start",
    "time_zone",
    "found_by",
    "live_posts",
    "later_posts",
    "questions",
    "answers",
];

fn strength(p: &PersonTie) -> String {
    serde_json::to_value(p.strength)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// (GraphML key id, what it is for, attribute name, type)
const KEYS: [(&str, &str, &str, &str); 10] = [
    ("label", "node", "label", "string"),
    ("owner", "node", "owner", "boolean"),
    ("weight", "edge", "weight", "int"),
    ("replies", "edge", "replies", "int"),
    ("mentions", "edge", "mentions", "int"),
    ("reposts", "edge", "reposts", "int"),
    ("quotes", "edge", "quotes", "int"),
    ("strength", "edge", "strength", "string"),
    ("first_contact", "edge", "first_contact", "string"),
    ("last_contact", "edge", "last_contact", "string"),
];

/// Writes the network as GraphML (opens in Gephi, igraph, networkx, yEd).
pub fn write_graphml(report: &Report, out: impl Write) -> std::io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("graphml")
        .with_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"))
        .write_inner_content(|w| {
            for (id, what, name, kind) in KEYS {
                w.create_element("key")
                    .with_attributes([
                        ("id", id),
                        ("for", what),
                        ("attr.name", name),
                        ("attr.type", kind),
                    ])
                    .write_empty()?;
            }
            w.create_element("graph")
                .with_attributes([("id", "pln"), ("edgedefault", "directed")])
                .write_inner_content(|w| {
                    let owner = report
                        .account
                        .handle
                        .clone()
                        .unwrap_or_else(|| "me".to_string());
                    node(w, OWNER_NODE, &owner, true)?;
                    for p in &report.network.people {
                        node(w, &p.key, p.handle.as_deref().unwrap_or(&p.key), false)?;
                    }
                    for p in &report.network.people {
                        let data = [
                            ("weight", p.posts.to_string()),
                            ("replies", p.replies.to_string()),
                            ("mentions", p.mentions.to_string()),
                            ("reposts", p.reposts.to_string()),
                            ("quotes", p.quotes.to_string()),
                            ("strength", strength(p)),
                            ("first_contact", time(p.first_contact)),
                            ("last_contact", time(p.last_contact)),
                        ];
                        w.create_element("edge")
                            .with_attributes([("source", OWNER_NODE), ("target", p.key.as_str())])
                            .write_inner_content(|w| {
                                for (key, value) in &data {
                                    data_element(w, key, value)?;
                                }
                                Ok(())
                            })?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.write_all(b"\n")
}

fn node<W: Write>(w: &mut Writer<W>, id: &str, label: &str, owner: bool) -> std::io::Result<()> {
    w.create_element("node")
        .with_attribute(("id", id))
        .write_inner_content(|w| {
            data_element(w, "label", label)?;
            data_element(w, "owner", if owner { "true" } else { "false" })
        })?;
    Ok(())
}

fn data_element<W: Write>(w: &mut Writer<W>, key: &str, value: &str) -> std::io::Result<()> {
    // quick-xml escapes the text: a handle or name can never break the document.
    w.create_element("data")
        .with_attribute(("key", key))
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

/// Writes the network's edges as CSV, one row per person ([`EDGE_COLUMNS`]).
pub fn write_edges_csv(report: &Report, out: impl Write) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(EDGE_COLUMNS)?;
    for p in &report.network.people {
        w.write_record([
            OWNER_NODE.to_string(),
            p.key.clone(),
            p.handle.clone().unwrap_or_default(),
            p.posts.to_string(),
            p.replies.to_string(),
            p.mentions.to_string(),
            p.reposts.to_string(),
            p.quotes.to_string(),
            strength(p),
            time(p.first_contact),
            time(p.last_contact),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Writes every chat session as CSV, one row each ([`SESSION_COLUMNS`]).
pub fn write_sessions_csv(report: &Report, out: impl Write) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SESSION_COLUMNS)?;
    for c in &report.chats {
        for s in &c.sessions {
            let found_by = serde_json::to_value(s.found_by)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            w.write_record([
                c.tag.clone(),
                c.known.to_string(),
                c.role.code().to_string(),
                s.date.to_string(),
                time(s.start_utc),
                time(s.end_utc),
                s.local_start.format("%Y-%m-%dT%H:%M").to_string(),
                s.time_zone.clone(),
                found_by,
                s.live_posts.to_string(),
                s.later_posts.to_string(),
                s.questions.to_string(),
                s.answers.to_string(),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}
