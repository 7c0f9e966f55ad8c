//! The `pln-lens` command-line tool: the native shell around the core.
//!
//! In: command-line arguments and a path to an export (zip or unzipped folder). Out: the
//! report on stdout (text or `--json`), a progress bar on stderr when it is a terminal,
//! and `error: ...` on stderr with exit status 2 when the input cannot be read. All the
//! work is done by the `pln_lens` library; this file only parses, prints and exits.

mod batch;
mod classroom;
mod corpus;
mod demos;
mod research;
mod serve;
mod text;

use std::io::{IsTerminal, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use pln_lens::analysis::{Analysis, Options};
use pln_lens::classify::Coder;
use pln_lens::read::AnyContainer;
use pln_lens::report::CoderSummary;
use pln_lens::source::{FileSlices, ReadAhead};
use pln_lens::synth::{self, ArchiveSpec, Layout, personas};
use pln_lens::{Container, Error, ErrorKind, Progress, Update};

/// See your own professional learning network, privately. Nothing you open leaves this
/// computer.
#[derive(Parser)]
#[command(name = "pln-lens", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read an export (zip or unzipped folder) and print its report.
    Report {
        #[command(flatten)]
        input: Input,
        /// Print the report as one JSON document (see docs/report.md).
        #[arg(long)]
        json: bool,
    },
    /// Read an export and say what it holds and what could not be read, without coding
    /// anything (quick; for checking an archive before a class, and for benchmarks).
    Check {
        /// The export: an X/Twitter zip, a Mastodon zip or .tar.gz, a Bluesky .car, or a
        /// folder of unzipped files.
        archive: PathBuf,
        /// Print it as one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Print every own post with its codes, one row each, for R, Python, NVivo or a
    /// spreadsheet (columns id, created_at, kind, purpose, topics, chat, live, why).
    Codes {
        #[command(flatten)]
        input: Input,
        /// CSV on stdout (the default; accepted for clarity in scripts).
        #[arg(long)]
        csv: bool,
        /// Write the same columns as Parquet to this file instead (for R and Python).
        #[arg(long, value_name = "OUT.parquet")]
        parquet: Option<PathBuf>,
        /// Add a last column with each post's text.
        #[arg(long)]
        with_text: bool,
    },
    /// Write the learning network for Gephi, igraph or networkx: the person and everyone
    /// they interacted with, edges weighted by interactions (CSV edge list on stdout
    /// without options).
    Network {
        #[command(flatten)]
        input: Input,
        /// Write it as GraphML to this file.
        #[arg(long, value_name = "OUT.graphml")]
        graphml: Option<PathBuf>,
        /// Write it as a CSV edge list to this file.
        #[arg(long, value_name = "OUT.csv")]
        edges_csv: Option<PathBuf>,
    },
    /// Print every chat session as CSV, one row each (chat, date, times, posts, role).
    Sessions {
        #[command(flatten)]
        input: Input,
    },
    /// Write an anonymous summary of an export: figures only, no text, names, ids or
    /// links (for a class or a study; see docs/classroom.md).
    Summary {
        #[command(flatten)]
        input: Input,
        /// The summary file to write.
        #[arg(short, long)]
        out: PathBuf,
        /// The name to appear under in a class view (default: none).
        #[arg(long)]
        pseudonym: Option<String>,
    },
    /// Analyse every export in a folder (for studies): a summary and a codes file per
    /// export and a combined table, on every core. Exits 0 when at least one export was
    /// analysed, 2 when none was.
    Batch {
        /// The folder of exports (zip files or unzipped folders).
        dir: PathBuf,
        /// The folder to write into (made when missing).
        #[arg(short, long)]
        out: PathBuf,
        /// Code posts with this codebook (see `report --codebook`).
        #[arg(long)]
        codebook: Option<PathBuf>,
        /// Count months in this time zone (default: $TZ when it names one, else UTC).
        #[arg(long)]
        tz: Option<String>,
    },
    /// Show many anonymous summaries side by side, as a class.
    Class {
        /// The summary files.
        #[arg(required = true)]
        summaries: Vec<PathBuf>,
        /// Print it as JSON (`students`, `names`, `figures`, `chats`, `tools`, `prompts`).
        #[arg(long)]
        json: bool,
    },
    /// Print the codebook posts are coded with: the built-in one, or check your own.
    Codebook {
        /// Check and summarise this codebook file (TOML or JSON) instead of printing the
        /// built-in one.
        #[arg(long)]
        check: Option<PathBuf>,
        /// Print it as JSON (codes, descriptions, examples, sources and every cue).
        #[arg(long)]
        json: bool,
    },
    /// Write a synthetic X archive (for trying the tool, classes and benchmarks).
    Generate(GenerateArgs),
    /// Train the classifier's model on coded posts (yours, or the built-in corpus) and
    /// write it as a model file to use with --model.
    Train {
        #[command(flatten)]
        train: TrainArgs,
        /// The model file to write.
        #[arg(short, long, default_value = "data/model/model.json")]
        out: PathBuf,
        /// The model's name, as reports show it.
        #[arg(long, default_value = "PLN Lens model")]
        name: String,
        /// Also leave each person out in turn and write the figures into the model file
        /// and beside it (`<out>.evaluation.json`): slower, but the model then says how
        /// far it can be trusted.
        #[arg(long)]
        evaluate: bool,
    },
    /// Tools over a coded corpus (see data/corpus/README.md).
    #[command(subcommand)]
    Corpus(CorpusCommand),
    /// Write the demo personas' archives, their anonymous summaries and index.json into a
    /// folder (`make dist` publishes them in dist/demos/; see docs/demos.md).
    Demos {
        /// The folder to write into (made if missing).
        dir: PathBuf,
    },
    /// Serve the web app on this computer (offline; the archive never leaves the browser).
    Serve {
        /// The address to listen on. Keep 127.0.0.1 unless a class shares one machine.
        #[arg(long, default_value = "127.0.0.1")]
        host: IpAddr,
        /// The port (0 picks a free one).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Serve this folder (a `make dist` output) instead of the app built into the binary.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

/// `pln-lens corpus ...`.
#[derive(Subcommand)]
enum CorpusCommand {
    /// Judge the model on people it was not trained on: train on all people but one, code
    /// the one left out, for each person in turn (prints each fold and the mean).
    Evaluate {
        #[command(flatten)]
        train: TrainArgs,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// Fail (exit 2) when the mean purpose kappa is below this: CI's floor.
        #[arg(long)]
        require_kappa: Option<f64>,
        /// Fail when any person's purpose kappa is below this.
        #[arg(long)]
        require_lowest_kappa: Option<f64>,
        /// Fail when the mean topic micro-F1 is below this.
        #[arg(long)]
        require_topic_f1: Option<f64>,
    },
    /// Print the model's features of every coded post, one JSON line each.
    Features {
        /// The corpus folder (people.csv, codes.csv).
        #[arg(long, default_value = "data/corpus")]
        corpus: PathBuf,
        /// The folder the people's archives are in.
        #[arg(long, default_value = "../shared/fixtures")]
        fixtures: PathBuf,
        /// Add each post's text and kind (keep such a file outside the repository).
        #[arg(long)]
        with_text: bool,
    },
}

/// Where the coded posts are and how to train on them (`train`, `corpus evaluate`).
#[derive(Args)]
struct TrainArgs {
    /// The corpus folder: people.csv (who, and their archive) and codes.csv (person, id,
    /// purpose, topics); see data/corpus/README.md.
    #[arg(long, default_value = "data/corpus")]
    corpus: PathBuf,
    /// The folder the people's archives are in.
    #[arg(long, default_value = "../shared/fixtures")]
    fixtures: PathBuf,
    /// Train for this codebook's purposes, topics and cues (default: the built-in one).
    #[arg(long)]
    codebook: Option<PathBuf>,
    /// Inverse strength of the purpose weights' L2 penalty.
    #[arg(long, default_value_t = 0.3)]
    purpose_c: f64,
    /// Inverse strength of the topic weights' L2 penalty.
    #[arg(long, default_value_t = 1.0)]
    topic_c: f64,
    /// Keep features seen in at least this many coded posts.
    #[arg(long, default_value_t = 2)]
    min_count: u32,
    /// Give a topic at this probability.
    #[arg(long, default_value_t = 0.4)]
    topic_threshold: f64,
}

/// `pln-lens generate ...`.
#[derive(Args)]
struct GenerateArgs {
    /// The zip file to write (not needed with --list-personas).
    out: Option<PathBuf>,
    /// Write this demo persona's archive: early-career, experienced, reader or leader
    /// (ignores --posts and --seed).
    #[arg(long)]
    persona: Option<String>,
    /// Print the demo personas as JSON (id, title, description, look_for, file) and stop.
    #[arg(long)]
    list_personas: bool,
    /// How many posts.
    #[arg(long, default_value_t = 1000)]
    posts: usize,
    /// Split the posts over this many `tweets-partN.js` files.
    #[arg(long, default_value_t = 1)]
    parts: u32,
    /// Bytes of (blank) media to add, such as 500M or 4.5G; written sparsely, so it costs
    /// little disk.
    #[arg(long, default_value = "0", value_parser = parse_size)]
    media_bytes: u64,
    /// The layout generation.
    #[arg(long, value_enum, default_value_t = LayoutArg::X2024)]
    layout: LayoutArg,
    /// Seed for the generated content (same seed, same archive).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Put everything under this folder, as a macOS re-zip does.
    #[arg(long)]
    top_folder: Option<String>,
}

/// The X layout generations `generate` writes.
#[derive(Clone, Copy, clap::ValueEnum)]
enum LayoutArg {
    /// 2023 on: `data/tweets.js`.
    X2024,
    /// 2019-2022: `data/tweet.js`.
    X2021,
    /// Some early archives: `data/tweet.js` with bare tweet objects.
    #[value(name = "x2019-bare")]
    X2019Bare,
}

impl From<LayoutArg> for Layout {
    fn from(layout: LayoutArg) -> Layout {
        match layout {
            LayoutArg::X2024 => Layout::X2024,
            LayoutArg::X2021 => Layout::X2021,
            LayoutArg::X2019Bare => Layout::X2019Bare,
        }
    }
}

/// What to read and how to code it (shared by `report` and `codes`).
#[derive(Args)]
struct Input {
    /// The export: an X/Twitter zip, a Mastodon zip or .tar.gz, a Bluesky .car, or a
    /// folder of unzipped files. Give several (one person's accounts on several
    /// platforms) to read them into one report.
    #[arg(required = true, num_args = 1.., value_name = "ARCHIVE")]
    archives: Vec<PathBuf>,
    /// Code posts with this codebook (TOML or JSON; `extends = "default"` adds to the
    /// built-in one; see docs/codebook.md).
    #[arg(long)]
    codebook: Option<PathBuf>,
    /// Code posts with this model (a file `pln-lens train` wrote) instead of the built-in
    /// one; after --codebook when the model was trained for a codebook of your own.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Your own codes for some posts: a CSV with the columns id, purpose and topics (topics
    /// joined by "|"; other columns are ignored, so an edited `codes --csv` output works).
    /// They replace the classifier's codes, and the model learns from them for the rest.
    #[arg(long)]
    corrections: Option<PathBuf>,
    /// Count months, weekdays and hours in this time zone (such as Europe/London);
    /// default: $TZ when it names one, else UTC.
    #[arg(long)]
    tz: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A bug must still end in one readable line, not a Rust backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "error: internal error in pln-lens ({info}); please report it, without your archive"
        );
    }));
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            // One line, always: scripts and people read the first line only.
            // Entry names in it come from the archive: nothing in them may act on the
            // terminal or start a line of its own.
            let message: Vec<&str> = e.message.split_whitespace().collect();
            eprintln!(
                "error: {}; {}",
                text::one_line(&message.join(" ")),
                e.hint()
            );
            ExitCode::from(2)
        }
        Err(_) => ExitCode::from(101),
    }
}

/// Runs one command: each is a small function of its own below.
fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Report { input, json } => {
            let analysis = analyze_path(&input)?;
            let report = analysis.report();
            let printed = print(&report, json, text::write_report);
            // The process ends next: freeing every post one by one would only add a tenth
            // of a second at 200,000 posts (issue 13); the system takes it all back at once.
            std::mem::forget((report, analysis));
            printed
        }
        Command::Check { archive, json } => {
            let check = with_container(&archive, |c, progress| {
                pln_lens::analysis::check(c, progress)
            })?;
            print(&check, json, text::write_check)
        }
        Command::Codes {
            input,
            csv: _,
            parquet,
            with_text,
        } => codes(&input, parquet.as_deref(), with_text),
        Command::Network {
            input,
            graphml,
            edges_csv,
        } => research::write_network(
            &analyze_path(&input)?.report(),
            graphml.as_deref(),
            edges_csv.as_deref(),
        ),
        Command::Sessions { input } => research::print_sessions(&analyze_path(&input)?.report()),
        Command::Summary {
            input,
            out,
            pseudonym,
        } => summary(&input, &out, pseudonym.as_deref()),
        Command::Batch {
            dir,
            out,
            codebook,
            tz,
        } => run_batch(dir, &out, codebook, tz),
        Command::Class { summaries, json } => {
            let class = pln_lens::class::ClassView::of(&classroom::read_summaries(&summaries)?);
            print(&class, json, classroom::write_class)
        }
        Command::Codebook { check, json } => codebook(check.as_deref(), json),
        Command::Generate(args) => generate(args),
        Command::Train {
            train,
            out,
            name,
            evaluate,
        } => corpus::train(&train_settings(&train)?, &out, &name, evaluate),
        Command::Corpus(CorpusCommand::Evaluate {
            train,
            json,
            require_kappa,
            require_lowest_kappa,
            require_topic_f1,
        }) => evaluate(
            &train,
            json,
            &corpus::Floors {
                mean_kappa: require_kappa,
                lowest_kappa: require_lowest_kappa,
                topic_f1: require_topic_f1,
            },
        ),
        Command::Corpus(CorpusCommand::Features {
            corpus: dir,
            fixtures,
            with_text,
        }) => features(&dir, &fixtures, with_text),
        Command::Demos { dir } => demos::write_all(&dir),
        Command::Serve { host, port, dir } => serve(host, port, dir),
    }
}

/// `pln-lens codes`: every post's codes as CSV on stdout, or as a Parquet file.
fn codes(input: &Input, parquet: Option<&Path>, with_text: bool) -> Result<(), Error> {
    let analysis = analyze_path(input)?;
    match parquet {
        Some(out) => research::write_parquet(&analysis, with_text, out),
        None => finish_output(analysis.write_codes_csv(std::io::stdout().lock(), with_text)),
    }
}

/// `pln-lens summary`: an export's anonymous summary, figures only.
fn summary(input: &Input, out: &Path, pseudonym: Option<&str>) -> Result<(), Error> {
    let report = analyze_path(input)?.report();
    let summary = pln_lens::summary::Summary::of(&report, pseudonym);
    classroom::write_summary(&summary, out)
}

/// `pln-lens batch`: every export in a folder; exits 2 when none could be analysed.
fn run_batch(
    dir: PathBuf,
    out: &Path,
    codebook: Option<PathBuf>,
    tz: Option<String>,
) -> Result<(), Error> {
    // Corrections are one person's: a batch of many people takes none.
    let input = Input {
        archives: vec![dir.clone()],
        codebook,
        tz,
        model: None,
        corrections: None,
    };
    if !batch::run(&dir, out, &options(&input)?)? {
        // Each failure has had its own `error:` line already.
        std::process::exit(2);
    }
    Ok(())
}

/// `pln-lens corpus evaluate`: leave-one-person-out figures, failing under the floors.
fn evaluate(train: &TrainArgs, json: bool, floors: &corpus::Floors) -> Result<(), Error> {
    let judged = corpus::evaluate(&train_settings(train)?)?;
    print(&judged, json, corpus::write_judged)?;
    corpus::check_floors(&judged, floors)
}

/// `pln-lens corpus features`: every coded post's features, one JSON line each on stdout.
fn features(dir: &Path, fixtures: &Path, with_text: bool) -> Result<(), Error> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    corpus::write_features(dir, fixtures, with_text, &mut out)?;
    finish_output(out.flush())
}

/// `pln-lens codebook [--check FILE]`: the built-in codebook as written, or a summary of
/// the one checked.
fn codebook(check: Option<&Path>, json: bool) -> Result<(), Error> {
    let Some(path) = check else {
        let codebook = pln_lens::classify::Codebook::default_codebook();
        let coder = Coder::Learned(pln_lens::analysis::builtin_model());
        let summary =
            pln_lens::report::CodebookSummary::of(&codebook, None, CoderSummary::of(&coder, None));
        let text = pln_lens::classify::codebook::DEFAULT_TOML;
        return print(&summary, json, |out, _| out.write_all(text.as_bytes()));
    };
    let text = read_file(path, "")?;
    let name = path.display().to_string();
    let codebook = pln_lens::analysis::read_codebook(&text, &name)?;
    let coder = CoderSummary::of(&Coder::Rules, None);
    let summary = pln_lens::report::CodebookSummary::of(&codebook, Some(&name), coder);
    print(&summary, json, text::write_codebook_check)
}

/// `pln-lens generate`: a demo persona's archive, or a bulk synthetic one.
fn generate(args: GenerateArgs) -> Result<(), Error> {
    if args.list_personas {
        return print(&personas::index(), true, |_, _| Ok(()));
    }
    let Some(out) = &args.out else {
        return Err(Error::new(
            ErrorKind::Invalid,
            "generate needs the zip file to write, such as `pln-lens generate demo.zip`",
        ));
    };
    let mut spec = match args.persona.as_deref() {
        Some(id) => persona(id)?.spec(),
        None => {
            let start = chrono::DateTime::parse_from_rfc3339("2015-09-01T07:00:00Z")
                .map(|d| d.to_utc())
                .map_err(|e| Error::new(ErrorKind::Invalid, e.to_string()))?;
            let mut spec = ArchiveSpec::new(synth::teacher_account());
            spec.posts = synth::bulk_posts(args.posts, args.seed, start);
            // A big archive runs past the day the synthetic export says it was made (a
            // posts-after-export check skips those posts as impossible): end the day
            // before it instead, so every post generated is one a real export could hold.
            let made = chrono::DateTime::parse_from_rfc3339(synth::x_archive::GENERATION_DATE)
                .map(|d| d.to_utc() - chrono::Duration::days(1))
                .map_err(|e| Error::new(ErrorKind::Invalid, e.to_string()))?;
            if let Some(over) = spec.posts.last().map(|p| p.created_at - made)
                && over > chrono::Duration::zero()
            {
                spec.posts.iter_mut().for_each(|p| p.created_at -= over);
            }
            spec
        }
    };
    let posts = spec.posts.len();
    spec.parts = args.parts;
    spec.media_bytes = args.media_bytes;
    spec.layout = args.layout.into();
    spec.top_folder = args.top_folder;
    let cannot_write = |e: std::io::Error| {
        Error::new(
            ErrorKind::Io,
            format!("cannot write {}: {e}", out.display()),
        )
    };
    let file = synth::sparse::SparseFile::create(out).map_err(cannot_write)?;
    synth::x_archive::write(&spec, file)
        .and_then(|f| f.finish())
        .map_err(cannot_write)?;
    let what = args
        .persona
        .map(|id| format!("persona {id}, "))
        .unwrap_or_default();
    eprintln!(
        "wrote {} ({what}{posts} posts, {} part files, {} bytes of media)",
        out.display(),
        args.parts,
        args.media_bytes
    );
    Ok(())
}

/// The demo persona with this id, or an error naming the ones there are.
fn persona(id: &str) -> Result<&'static personas::Persona, Error> {
    personas::find(id).ok_or_else(|| {
        let known: Vec<&str> = personas::PERSONAS.iter().map(|p| p.id).collect();
        Error::new(
            ErrorKind::Invalid,
            format!("unknown persona {id:?}; use one of {}", known.join(", ")),
        )
    })
}

/// `pln-lens serve`: the app built in (or a folder) on this computer.
fn serve(host: IpAddr, port: u16, dir: Option<PathBuf>) -> Result<(), Error> {
    let files = match dir {
        Some(d) => serve::AppFiles::Dir(d),
        None => serve::AppFiles::Embedded,
    };
    if !files.has_index() {
        return Err(Error::new(
            ErrorKind::Invalid,
            "there is no built web app to serve (no index.html); run `make dist` and build again, or pass --dir dist",
        ));
    }
    serve::run(files, SocketAddr::new(host, port), |addr| {
        eprintln!(
            "PLN Lens is running at http://{addr}/ (open it in your browser; Ctrl+C stops it)"
        );
    })
    .map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("could not serve on {host}:{port}: {e}"),
        )
    })
}

/// A text file the person named; `what` says what it is for in the error ("the codebook ").
fn read_file(path: &Path, what: &str) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot read {what}{}: {e}", path.display()),
        )
    })
}

/// Prints `value` on stdout: as pretty JSON with `json`, else with `as_text`.
fn print<T: serde::Serialize>(
    value: &T,
    json: bool,
    as_text: impl FnOnce(&mut dyn Write, &T) -> std::io::Result<()>,
) -> Result<(), Error> {
    // Buffered: stdout alone flushes at every line break, and a report's JSON has hundreds
    // of thousands of lines (one write each took a tenth of the whole report's time).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = if json {
        serde_json::to_writer_pretty(&mut out, value)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out))
    } else {
        as_text(&mut text::Inert(&mut out), value)
    };
    finish_output(written.and_then(|_| out.flush()))
}

/// Ends a command's output: a closed pipe (`pln-lens report x | head`) is fine.
fn finish_output(written: std::io::Result<()>) -> Result<(), Error> {
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::new(
            ErrorKind::Io,
            format!("could not write the output: {e}"),
        )),
    }
}

/// The settings of `train` and `corpus evaluate`.
fn train_settings(args: &TrainArgs) -> Result<corpus::TrainSettings, Error> {
    let mut analysis = Options::default();
    if let Some(path) = &args.codebook {
        let text = read_file(path, "the codebook ")?;
        analysis = analysis.with_codebook_text(&text, &path.display().to_string())?;
    }
    Ok(corpus::TrainSettings {
        corpus: args.corpus.clone(),
        fixtures: args.fixtures.clone(),
        analysis,
        options: pln_lens::classify::train::TrainOptions {
            purpose_c: args.purpose_c,
            topic_c: args.topic_c,
            min_count: args.min_count,
            topic_threshold: args.topic_threshold,
            ..Default::default()
        },
    })
}

/// The analysis options the command line asks for.
fn options(input: &Input) -> Result<Options, Error> {
    let mut options = Options::default();
    if let Some(path) = &input.codebook {
        let text = read_file(path, "the codebook ")?;
        options = options.with_codebook_text(&text, &path.display().to_string())?;
    }
    if let Some(path) = &input.model {
        let text = read_file(path, "the model ")?;
        options = options.with_model_text(&text, &path.display().to_string())?;
    }
    match &input.tz {
        Some(tz) => options = options.with_time_zone(tz)?,
        None => {
            // $TZ is often a path or empty; only a zone name is used.
            if let Ok(tz) = std::env::var("TZ")
                && let Ok(zone) = pln_lens::analysis::parse_time_zone(&tz)
            {
                options.time_zone = zone;
            }
        }
    }
    Ok(options)
}

/// Opens `path` as a folder, or a file of any kind [`AnyContainer`] reads.
fn open_path(path: &Path) -> Result<Box<dyn Container>, Error> {
    let cannot = |e: std::io::Error| {
        Error::new(
            ErrorKind::Io,
            format!("cannot open {}: {e}", path.display()),
        )
    };
    if std::fs::metadata(path).map_err(cannot)?.is_dir() {
        return Ok(Box::new(pln_lens::read::DirContainer::open(path)?));
    }
    let file = FileSlices::open(path).map_err(cannot)?;
    Ok(Box::new(AnyContainer::open(ReadAhead::new(file))?))
}

/// Opens `path` ([`open_path`]) and runs `work` on it, with a progress bar.
fn with_container<T>(
    path: &Path,
    work: impl FnOnce(&mut dyn Container, &mut dyn Progress) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut container = open_path(path)?;
    let mut progress = Bar::new();
    let result = work(&mut *container, &mut progress);
    progress.finish();
    result
}

/// Opens the input (one export or several, merged) and runs the whole pipeline.
fn analyze_path(input: &Input) -> Result<Analysis, Error> {
    let options = options(input)?;
    let mut analysis = match input.archives.as_slice() {
        [one] => with_container(one, |c, progress| Analysis::run(c, progress, options))?,
        several => analyze_several(several, options)?,
    };
    if let Some(path) = &input.corrections {
        let file = std::fs::File::open(path).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot read the corrections {}: {e}", path.display()),
            )
        })?;
        let recodes = pln_lens::analysis::read_recodes_csv(file)
            .map_err(|e| Error::new(e.kind, format!("{}: {}", path.display(), e.message)))?;
        for (id, why) in analysis.recode_all(&recodes) {
            eprintln!("warning: {}: post {id:?}: {why}", path.display());
        }
    }
    Ok(analysis)
}

/// Opens several exports of one person and reads them into one analysis.
fn analyze_several(paths: &[PathBuf], options: Options) -> Result<Analysis, Error> {
    let several = |e: Error, path: &Path| {
        let name = path
            .file_name()
            .unwrap_or(path.as_os_str())
            .to_string_lossy();
        Error::new(e.kind, format!("{name}: {}", e.message))
    };
    let mut opened = Vec::new();
    for path in paths {
        let name = path.file_name().unwrap_or(path.as_os_str());
        let container = open_path(path).map_err(|e| several(e, path))?;
        opened.push((name.to_string_lossy().into_owned(), container));
    }
    let mut progress = Bar::new();
    let exports = opened
        .iter_mut()
        .map(|(name, c)| (name.clone(), &mut **c as &mut dyn Container))
        .collect();
    let result = Analysis::run_many(exports, &mut progress, options);
    progress.finish();
    result
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new() -> Self {
        if !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg:>14} [{bar:30}] {percent:>3}%  {elapsed}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Bar(Some(bar))
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn update(&mut self, u: &Update) {
        if let Some(bar) = &self.0 {
            bar.set_message(u.stage.label());
            bar.set_length(u.total.max(1));
            bar.set_position(u.done);
        }
    }
}

/// Parses a size such as `1500000`, `500M`, `1.5G` or `64k` (powers of 1000) into bytes.
fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (number, scale) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let scale = match c.to_ascii_uppercase() {
                'K' => 1e3,
                'M' => 1e6,
                'G' => 1e9,
                'T' => 1e12,
                _ => return Err(format!("unknown size unit in {text:?}; use K, M, G or T")),
            };
            (&t[..i], scale)
        }
        _ => (t, 1.0),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("not a size: {text:?}"))?;
    if !(0.0..1e15).contains(&value) {
        return Err(format!("size out of range: {text:?}"));
    }
    Ok((value * scale).round() as u64)
}
