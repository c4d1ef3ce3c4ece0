//! `dossier`: validate dossiers from files or JSONL batches (SPEC §5a).
//!
//! Exit codes: 0 valid, 1 invalid, 2 usage or I/O error (message on stderr).

mod admin;
mod calendar;
mod staff;
mod submit;
mod text;

use clap::{Parser, Subcommand, ValueEnum};
use dossier_core::{validate, Date, Lang, Options, OptionsError, Report};
use dossier_server::limits::Settings;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

// The server's allocator: glibc's malloc spent 9 % of a validate request under load, part of it
// waiting on its arena locks (memory freed on another worker thread).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The largest dossier accepted, in bytes (the same limit as the HTTP API's JSON bodies).
const MAX_DOSSIER_BYTES: u64 = 1024 * 1024;

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Check Vietnamese foreign-affairs dossiers against the rulebook"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a dossier (or a JSONL batch) and print the report.
    Validate(ValidateArgs),
    /// Submit a dossier to a server: check locally, upload attachments, submit once.
    Submit {
        /// The dossier file.
        file: PathBuf,
        /// The server, e.g. http://127.0.0.1:8080
        #[arg(long)]
        server: String,
        /// A file to upload (PDF, JPEG, PNG); it fills the document with the same fileName.
        #[arg(long = "attach", value_name = "PATH")]
        attach: Vec<PathBuf>,
        /// The idempotency key [default: a random key created on the first run and kept
        /// with the receipt in FILE.submission.json, so running the same command again
        /// replays the receipt instead of filing a second dossier].
        #[arg(long)]
        idempotency_key: Option<String>,
        /// Also trust the CA certificates of this PEM file (a private or test CA).
        #[arg(long, value_name = "PEM")]
        ca_cert: Option<PathBuf>,
        /// Allow plain http:// to a server that is not on this machine (the dossier and the
        /// access token would cross the network unencrypted).
        #[arg(long)]
        insecure_http: bool,
    },
    /// Manage staff accounts.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Run the HTTP server (API, and the web pages when --www is given).
    Serve(ServeArgs),
    /// Delete attachments no dossier references and unfinished uploads older than a threshold
    /// (the server also does this every hour).
    Gc {
        /// Database: sqlite://PATH or postgres://…
        #[arg(long, default_value = "sqlite://dossier.db")]
        db: String,
        /// Age threshold: a number with s, m, h or d (e.g. 24h, 90m, 7d); at least 1h, so an
        /// upload in progress is never taken for an orphan.
        #[arg(long, default_value = "24h", value_parser = parse_age)]
        older_than: std::time::Duration,
    },
    /// Write a consistent copy of a database while the server runs (gzip JSON lines, mode
    /// 0600: it holds personal data; no key and no session is in it).
    Backup {
        #[arg(long, default_value = "sqlite://dossier.db")]
        db: String,
        /// The backup file to create.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Load a backup into a new, empty database (SQLite or PostgreSQL, either way round).
    Restore {
        #[arg(long)]
        db: String,
        /// The backup file.
        #[arg(long = "in", value_name = "FILE")]
        input: PathBuf,
    },
    /// Print the access audit (logins, views, downloads) as JSON lines, oldest first.
    Audit {
        #[arg(long, default_value = "sqlite://dossier.db")]
        db: String,
        /// Only entries after this id (to follow the log).
        #[arg(long, default_value_t = 0)]
        after: i64,
        /// At most this many entries.
        #[arg(long, default_value_t = 1000)]
        limit: i64,
    },
    /// Print the JSON Schema (2020-12) of a kind's wire format.
    Schema {
        /// conference_permit, ngo_licence or outbound_trip
        kind: String,
    },
    /// Print the form description (pages, fields, labels, options, conditions) of a kind.
    Form {
        /// conference_permit, ngo_licence or outbound_trip
        kind: String,
        #[arg(long, value_enum, default_value = "vi")]
        lang: LangArg,
    },
    /// Working days of the one-stop desk: deadlines, days off, holidays.
    Calendar {
        #[command(subcommand)]
        command: calendar::CalendarCommand,
    },
    /// Print every rule (id, code, severity, parameters, citation, confidence) and profile.
    Rulebook {
        #[arg(long, value_enum, default_value = "json")]
        format: RulebookFormat,
    },
}

#[derive(clap::Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// Database: sqlite://PATH (created on first start) or postgres://…
    #[arg(long, default_value = "sqlite://dossier.db")]
    db: String,
    /// Directory of static pages to serve at / (www/).
    #[arg(long)]
    www: Option<PathBuf>,
    /// Connections served at once; more are answered 503.
    #[arg(long, default_value_t = Settings::default().max_connections)]
    max_connections: usize,
    /// Connections at once from one address (trusted proxies are exempt); more are answered 429.
    #[arg(long, default_value_t = Settings::default().max_connections_per_ip)]
    max_connections_per_ip: usize,
    /// A reverse proxy whose X-Forwarded-For is believed (CIDR, e.g. 10.0.0.0/8); repeatable.
    #[arg(long = "trusted-proxy", value_name = "CIDR")]
    trusted_proxy: Vec<ipnet::IpNet>,
    /// Submissions (POST /api/v1/dossiers) per client address per hour; 0 = no limit.
    #[arg(long, default_value_t = Settings::default().submissions_per_hour)]
    limit_submissions_per_hour: u64,
    /// Upload requests per client address per hour; 0 = no limit.
    #[arg(long, default_value_t = Settings::default().uploads_per_hour)]
    limit_uploads_per_hour: u64,
    /// Uploaded bytes per client address per hour; 0 = no limit.
    #[arg(long, default_value_t = Settings::default().upload_bytes_per_hour)]
    limit_upload_bytes_per_hour: u64,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key. HSTS is sent.
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// The file of the key that derives citizens' access tokens (created 0600 on first start)
    /// [default: dossier.secret beside a SQLite database, or in the working directory].
    /// DOSSIER_SECRET, when set, is used instead.
    #[arg(long, value_name = "PATH")]
    secret_file: Option<PathBuf>,
}

#[derive(Subcommand)]
pub(crate) enum StaffCommand {
    /// Create an account; the password is read from standard input (one line, at least 12
    /// characters) and stored as an Argon2id hash.
    Add {
        #[arg(long, default_value = "sqlite://dossier.db")]
        db: String,
        /// commune:CODE or province:CODE (codes of the 2025 list)
        #[arg(long)]
        unit: String,
        #[arg(long)]
        username: String,
    },
    /// Disable an account and end its sessions.
    Disable {
        #[arg(long, default_value = "sqlite://dossier.db")]
        db: String,
        #[arg(long)]
        username: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RulebookFormat {
    Json,
    Markdown,
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// The date the rules apply on, YYYY-MM-DD [default: today in Asia/Ho_Chi_Minh].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<Date>,
    /// Language of the messages.
    #[arg(long, value_enum, default_value = "vi")]
    lang: LangArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Apply this profile instead of the one the dossier's province selects.
    #[arg(long, value_name = "ID")]
    profile: Option<String>,
    /// The input holds one dossier per line; print one report per line.
    #[arg(long)]
    jsonl: bool,
    /// The dossier file, or `-` for standard input.
    #[arg(value_name = "FILE|-")]
    input: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum LangArg {
    Vi,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Json,
    Text,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("{s:?} is not a date as YYYY-MM-DD"))
}

/// A failure that ends the command with exit code 2.
pub(crate) struct Fatal(pub(crate) String);

impl From<io::Error> for Fatal {
    fn from(e: io::Error) -> Fatal {
        Fatal(format!("I/O error: {e}"))
    }
}

impl From<dossier_server::store::OpenError> for Fatal {
    fn from(e: dossier_server::store::OpenError) -> Fatal {
        Fatal(e.to_string())
    }
}

impl From<dossier_server::ServeError> for Fatal {
    fn from(e: dossier_server::ServeError) -> Fatal {
        Fatal(e.to_string())
    }
}

impl From<OptionsError> for Fatal {
    fn from(e: OptionsError) -> Fatal {
        Fatal(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Validate(args) => run_validate(&args),
        Command::Rulebook { format } => print_rulebook(format),
        Command::Calendar { command } => calendar::run(command),
        Command::Serve(args) => run_server(args),
        Command::Gc { db, older_than } => admin::gc(&db, older_than),
        Command::Audit { db, after, limit } => admin::audit(&db, after, limit),
        Command::Backup { db, out } => admin::backup(&db, &out),
        Command::Restore { db, input } => admin::restore(&db, &input),
        Command::Staff { command } => staff::run(command),
        Command::Submit {
            file,
            server,
            attach,
            idempotency_key,
            ca_cert,
            insecure_http,
        } => submit::run(&submit::Args {
            file,
            server,
            attach,
            key: idempotency_key,
            ca_cert,
            insecure_http,
        }),
        Command::Schema { kind } => print_export(&kind, dossier_core::form::json_schema),
        Command::Form { kind, lang } => {
            let lang = lang.into();
            print_export(&kind, |k, ed| dossier_core::form::describe(k, lang, ed))
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Fatal(msg)) => {
            eprintln!("dossier: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run_server(args: ServeArgs) -> Result<u8, Fatal> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Fatal(format!("cannot start the runtime: {e}")))?;
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => {
            Some(dossier_server::tls::server_config(cert, key).map_err(Fatal)?)
        }
        _ => None,
    };
    let key = dossier_server::secret::KeySource::choose(
        std::env::var("DOSSIER_SECRET").ok(),
        args.secret_file.clone(),
        &args.db,
    );
    let settings = Settings {
        tls,
        max_connections: args.max_connections,
        max_connections_per_ip: args.max_connections_per_ip,
        trusted_proxies: args.trusted_proxy,
        submissions_per_hour: args.limit_submissions_per_hour,
        uploads_per_hour: args.limit_uploads_per_hour,
        upload_bytes_per_hour: args.limit_upload_bytes_per_hour,
        ..Settings::default()
    };
    runtime.block_on(dossier_server::serve(dossier_server::Config {
        addr: args.addr,
        db_url: args.db,
        www: args.www,
        settings,
        key,
    }))?;
    Ok(0)
}

/// `24h`, `90m`, `7d`, `3600s` (a bare number is seconds).
fn parse_age(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let (number, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, "s"),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{s:?} is not an age such as 24h, 90m or 7d"))?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("{s:?}: the unit must be s, m, h or d")),
    };
    let secs = n
        .checked_mul(unit)
        .ok_or_else(|| format!("{s:?} is too large"))?;
    if secs < 3600 {
        return Err(format!(
            "{s:?} is less than 1h: uploads in progress could be deleted"
        ));
    }
    Ok(std::time::Duration::from_secs(secs))
}

fn print_export(
    kind: &str,
    export: impl Fn(dossier_core::Kind, &dossier_core::rulebook::Edition) -> serde_json::Value,
) -> Result<u8, Fatal> {
    let kind = dossier_core::Kind::parse_arg(kind).map_err(|e| Fatal(e.to_string()))?;
    let value = export(kind, dossier_core::rulebook::newest());
    let text = serde_json::to_string_pretty(&value).map_err(|e| Fatal(e.to_string()))? + "\n";
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(0)
}

fn print_rulebook(format: RulebookFormat) -> Result<u8, Fatal> {
    let text = match format {
        RulebookFormat::Json => {
            let export = dossier_core::rulebook::export::export();
            serde_json::to_string_pretty(&export).map_err(|e| Fatal(e.to_string()))? + "\n"
        }
        RulebookFormat::Markdown => dossier_core::rulebook::export::markdown(),
    };
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(0)
}

pub(crate) fn today_in_vietnam() -> Result<Date, Fatal> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| Fatal(format!("system clock before 1970: {e}")))?
        .as_secs();
    i64::try_from(secs)
        .ok()
        .and_then(Date::in_vietnam_from_unix_seconds)
        .ok_or_else(|| Fatal("system clock out of range".into()))
}

fn run_validate(args: &ValidateArgs) -> Result<u8, Fatal> {
    let as_of = match args.as_of {
        Some(d) => d,
        None => today_in_vietnam()?,
    };
    let lang = args.lang.into();
    let options = Options {
        as_of,
        lang,
        profile: args.profile.clone(),
    };
    // Reject a bad --profile before reading any input.
    validate(b"{}", &options)?;
    let stdin = args.input.as_os_str() == "-";
    if args.jsonl {
        let (reader, size): (Box<dyn BufRead>, Option<u64>) = if stdin {
            (Box::new(io::stdin().lock()), None)
        } else {
            let file = open(&args.input)?;
            let size = file.metadata().ok().map(|m| m.len());
            (Box::new(BufReader::with_capacity(1 << 16, file)), size)
        };
        return run_jsonl(reader, size, &options, args.format);
    }
    let bytes = if stdin {
        read_limited(io::stdin().lock(), "standard input")?
    } else {
        read_limited(open(&args.input)?, &args.input.display().to_string())?
    };
    let report = validate(&bytes, &options)?;
    let mut out = io::stdout().lock();
    print_report(&mut out, &report, args.format)?;
    out.flush()?;
    Ok(if report.valid { 0 } else { 1 })
}

pub(crate) fn open(path: &PathBuf) -> Result<std::fs::File, Fatal> {
    let file = std::fs::File::open(path)
        .map_err(|e| Fatal(format!("cannot open {}: {e}", path.display())))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(Fatal(format!(
            "{} is a directory, not a dossier file",
            path.display()
        )));
    }
    Ok(file)
}

pub(crate) fn read_limited(reader: impl Read, name: &str) -> Result<Vec<u8>, Fatal> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOSSIER_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Fatal(format!("cannot read {name}: {e}")))?;
    if bytes.len() as u64 > MAX_DOSSIER_BYTES {
        return Err(Fatal(format!(
            "{name} is larger than {MAX_DOSSIER_BYTES} bytes; a dossier is at most 1 MiB"
        )));
    }
    Ok(bytes)
}

fn print_report(out: &mut impl Write, report: &Report, format: Format) -> io::Result<()> {
    match format {
        Format::Json => writeln!(out, "{}", report.to_json()),
        Format::Text => text::write(out, report),
    }
}

/// One report per input line, in constant memory: each line is read, validated, written and
/// dropped. Blank lines are skipped. A line over the size limit is reported as `JSON_SYNTAX`
/// without being held in memory.
fn run_jsonl(
    mut reader: Box<dyn BufRead>,
    size: Option<u64>,
    options: &Options,
    format: Format,
) -> Result<u8, Fatal> {
    let progress = if io::stderr().is_terminal() {
        let bar = match size {
            Some(len) => ProgressBar::new(len).with_style(
                ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} {eta}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            ),
            None => ProgressBar::new_spinner(),
        };
        Some(bar)
    } else {
        None
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let mut line = Vec::with_capacity(8192);
    let mut worst = 0u8;
    let mut line_no = 0u64;
    loop {
        line.clear();
        let (read, complete) = read_line_limited(&mut reader, &mut line, MAX_DOSSIER_BYTES)?;
        if read == 0 {
            break;
        }
        line_no += 1;
        if let Some(bar) = &progress {
            if size.is_some() {
                bar.inc(read as u64);
            }
            if line_no % 256 == 1 {
                bar.set_message(format!("{line_no} hồ sơ/dossiers"));
            }
        }
        if line.iter().all(u8::is_ascii_whitespace) && complete {
            continue;
        }
        let report = if complete {
            validate(&line, options)?
        } else {
            eprintln!("dossier: line {line_no} is longer than {MAX_DOSSIER_BYTES} bytes; reported as JSON_SYNTAX");
            validate(b"\"line too long\"", options)?
        };
        worst = worst.max(u8::from(!report.valid));
        print_report(&mut out, &report, format)?;
    }
    out.flush()?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    Ok(worst)
}

/// Reads one line into `buf` (without the newline), keeping at most `limit` bytes; the rest of
/// an over-long line is consumed and dropped. Returns (bytes consumed, whether it fit).
fn read_line_limited(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: u64,
) -> io::Result<(usize, bool)> {
    let mut consumed = 0usize;
    let mut fits = true;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((consumed, fits));
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], Some(i + 1)),
            None => (available, None),
        };
        if fits && (buf.len() + chunk.len()) as u64 <= limit {
            buf.extend_from_slice(chunk);
        } else {
            fits = false;
            buf.clear();
        }
        let used = done.unwrap_or(chunk.len());
        reader.consume(used);
        consumed += used;
        if done.is_some() {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok((consumed, fits));
        }
    }
}
