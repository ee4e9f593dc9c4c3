//! `cookielint report`: the HTML page over the records of batch runs.
use super::ReportArgs;
use cookielint::report::Aggregates;
use std::io::BufReader;
use std::process::ExitCode;

pub fn run(args: &ReportArgs) -> ExitCode {
    let mut all = Aggregates::default();
    for input in &args.inputs {
        let read = std::fs::File::open(input).and_then(|file| {
            let mut head = [0u8; 4];
            let read = std::io::Read::read(&mut &file, &mut head)?;
            let gzip = read >= 2 && head[..2] == [0x1f, 0x8b];
            std::io::Seek::rewind(&mut &file)?;
            if read == 4 && &head == b"PAR1" {
                return read_parquet(&mut all, file);
            }
            if gzip {
                all.read(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
            } else {
                all.read(BufReader::new(file))
            }
        });
        if let Err(error) = read {
            eprintln!("{}: {error}", input.display());
            return ExitCode::from(2);
        }
    }
    let title = args.title.clone().unwrap_or_else(|| {
        let names: Vec<String> = args.inputs.iter().map(|p| p.display().to_string()).collect();
        format!("cookielint report: {}", names.join(", "))
    });
    match std::fs::write(&args.output, all.html(&title)) {
        Ok(()) => {
            eprintln!(
                "{}: {} documents, {} cookies, {} findings",
                args.output.display(),
                all.documents,
                all.cookies,
                all.findings
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cannot write {}: {error}", args.output.display());
            ExitCode::from(2)
        }
    }
}

#[cfg(feature = "parquet")]
fn read_parquet(all: &mut Aggregates, file: std::fs::File) -> std::io::Result<()> {
    all.read_parquet(file)
}

#[cfg(not(feature = "parquet"))]
fn read_parquet(_: &mut Aggregates, _: std::fs::File) -> std::io::Result<()> {
    Err(std::io::Error::other("this build of cookielint reads no Parquet (cargo feature `parquet`)"))
}
