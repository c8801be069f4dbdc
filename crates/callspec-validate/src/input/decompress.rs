//! Decompression: a stream is gzip or zstd when its first bytes say so, plain otherwise, whatever
//! the file is called; bzip2 and xz are recognised and refused with one clear problem. The
//! decompressed stream is bounded by the per-source limit.

use std::io::{self, BufRead, BufReader, Cursor, Read};

use flate2::bufread::GzDecoder;

use super::error::SourceLimitExceeded;

/// The gzip magic bytes.
pub(super) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];
const XZ_MAGIC: [u8; 6] = [0xfd, b'7', b'z', b'X', b'Z', 0x00];
const BZIP2_MAGIC: [u8; 3] = *b"BZh";

/// Buffer size for reading compressed input.
const BUFFER_SIZE: usize = 64 * 1024;

type Prefixed = io::Chain<io::Take<Cursor<[u8; 6]>>, Box<dyn Read + Send>>;

/// A compression callspec recognises but does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refused {
    Bzip2,
    Xz,
}

impl Refused {
    pub(super) fn name(self) -> &'static str {
        match self {
            Refused::Bzip2 => "bzip2",
            Refused::Xz => "xz",
        }
    }
}

/// A stream decompressed as its first bytes say, and bounded by the per-source limit.
pub(super) struct Decompressed {
    state: State,
    /// Bytes handed out so far (after decompression).
    produced: u64,
    limit: u64,
}

enum State {
    Sniffing(Option<Box<dyn Read + Send>>),
    Plain(Prefixed),
    Gzip(Box<GzipMembers>),
    Zstd(Box<zstd::stream::read::Decoder<'static, BufReader<Prefixed>>>),
    Refused(Refused),
}

impl Decompressed {
    /// `inner`, decompressed, at most `limit` bytes of it.
    pub(super) fn new(inner: Box<dyn Read + Send>, limit: u64) -> Self {
        Decompressed {
            state: State::Sniffing(Some(inner)),
            produced: 0,
            limit,
        }
    }

    /// The name of the compression, for messages: `gzip`, `zstd`, or none.
    pub(super) fn compression(&self) -> Option<&'static str> {
        match self.state {
            State::Gzip(_) => Some("gzip"),
            State::Zstd(_) => Some("zstd"),
            _ => None,
        }
    }

    /// Looks at the first bytes (reading them if not done yet): a compression that is refused.
    pub(super) fn refused(&mut self) -> io::Result<Option<Refused>> {
        self.ensure_sniffed()?;
        Ok(match self.state {
            State::Refused(refused) => Some(refused),
            _ => None,
        })
    }

    fn ensure_sniffed(&mut self) -> io::Result<()> {
        if let State::Sniffing(inner) = &mut self.state {
            let Some(inner) = inner.take() else {
                return Ok(());
            };
            self.state = sniff(inner)?;
        }
        Ok(())
    }
}

fn sniff(mut inner: Box<dyn Read + Send>) -> io::Result<State> {
    let mut head = [0u8; 6];
    let mut filled = 0;
    while filled < head.len() {
        match inner.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    let seen = &head[..filled];
    let prefixed = Cursor::new(head).take(filled as u64).chain(inner);
    Ok(if seen.starts_with(&GZIP_MAGIC) {
        State::Gzip(Box::new(GzipMembers::new(BufReader::with_capacity(
            BUFFER_SIZE,
            prefixed,
        ))))
    } else if seen.starts_with(&ZSTD_MAGIC) {
        let reader = BufReader::with_capacity(BUFFER_SIZE, prefixed);
        State::Zstd(Box::new(zstd::stream::read::Decoder::with_buffer(reader)?))
    } else if seen.starts_with(&XZ_MAGIC) {
        State::Refused(Refused::Xz)
    } else if seen.starts_with(&BZIP2_MAGIC) && seen.len() >= 4 && (b'1'..=b'9').contains(&seen[3])
    {
        State::Refused(Refused::Bzip2)
    } else {
        State::Plain(prefixed)
    })
}

impl Read for Decompressed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.ensure_sniffed()?;
        if self.produced >= self.limit {
            // One byte more than the limit tells a source that is exactly at the limit from one
            // that goes past it.
            let mut probe = [0u8; 1];
            let more = self.read_inner(&mut probe)?;
            if more == 0 {
                return Ok(0);
            }
            return Err(io::Error::other(SourceLimitExceeded { limit: self.limit }));
        }
        let room = usize::try_from(self.limit - self.produced).unwrap_or(usize::MAX);
        let len = buf.len().min(room);
        let read = self.read_inner(&mut buf[..len])?;
        self.produced += read as u64;
        Ok(read)
    }
}

impl Decompressed {
    fn read_inner(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.state {
            State::Plain(reader) => reader.read(buf),
            State::Gzip(reader) => reader.read(buf),
            State::Zstd(reader) => reader.read(buf),
            State::Refused(_) | State::Sniffing(_) => Ok(0),
        }
    }
}

/// Concatenated gzip members, as gzip(1) reads them: trailing zero bytes after the last member
/// (tape and block-device padding) are accepted; anything else after a member is an error.
struct GzipMembers {
    decoder: Option<GzDecoder<BufReader<Prefixed>>>,
}

impl GzipMembers {
    fn new(reader: BufReader<Prefixed>) -> Self {
        GzipMembers {
            decoder: Some(GzDecoder::new(reader)),
        }
    }
}

impl Read for GzipMembers {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(decoder) = self.decoder.as_mut() else {
                return Ok(0);
            };
            let read = decoder.read(buf)?;
            if read > 0 || buf.is_empty() {
                return Ok(read);
            }
            // The member ended: what follows decides.
            let Some(decoder) = self.decoder.take() else {
                return Ok(0);
            };
            let mut reader = decoder.into_inner();
            loop {
                let available = reader.fill_buf()?;
                if available.is_empty() {
                    return Ok(0);
                }
                if available.starts_with(&GZIP_MAGIC[..1]) {
                    self.decoder = Some(GzDecoder::new(reader));
                    break;
                }
                if let Some(at) = available.iter().position(|&b| b != 0) {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!(
                            "unexpected byte 0x{:02x} after the end of a gzip member",
                            available[at]
                        ),
                    ));
                }
                let len = available.len();
                reader.consume(len);
            }
        }
    }
}
