//! Decompression: a stream is gzip when its first two bytes say so, plain otherwise, whatever
//! the file is called.

use std::io::{self, Cursor, Read};

use flate2::read::MultiGzDecoder;

/// The gzip magic bytes.
pub(super) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

type Prefixed = io::Chain<io::Take<Cursor<[u8; 2]>>, Box<dyn Read + Send>>;

/// A stream that is decompressed when its first two bytes are the gzip magic.
pub(super) enum Decompressed {
    Sniffing(Option<Box<dyn Read + Send>>),
    Plain(Prefixed),
    Gzip(Box<MultiGzDecoder<Prefixed>>),
}

impl Decompressed {
    pub(super) fn new(inner: Box<dyn Read + Send>) -> Self {
        Decompressed::Sniffing(Some(inner))
    }

    pub(super) fn is_gzip(&self) -> bool {
        matches!(self, Decompressed::Gzip(_))
    }

    fn sniff(mut inner: Box<dyn Read + Send>) -> io::Result<Self> {
        let mut head = [0u8; 2];
        let mut filled = 0;
        while filled < head.len() {
            match inner.read(&mut head[filled..]) {
                Ok(0) => break,
                Ok(read) => filled += read,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
        let gzip = filled == head.len() && head == GZIP_MAGIC;
        let prefixed = Cursor::new(head).take(filled as u64).chain(inner);
        Ok(if gzip {
            Decompressed::Gzip(Box::new(MultiGzDecoder::new(prefixed)))
        } else {
            Decompressed::Plain(prefixed)
        })
    }
}

impl Read for Decompressed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match self {
                Decompressed::Plain(reader) => return reader.read(buf),
                Decompressed::Gzip(reader) => return reader.read(buf),
                Decompressed::Sniffing(inner) => {
                    let Some(inner) = inner.take() else {
                        return Ok(0);
                    };
                    *self = Decompressed::sniff(inner)?;
                }
            }
        }
    }
}

/// Reads everything; on error also says whether the stream was gzip.
pub(super) fn read_whole(
    mut reader: Decompressed,
    size_hint: Option<u64>,
) -> Result<Vec<u8>, (io::Error, bool)> {
    // The hint is the stored size: a good first guess, capped so a wrong one cannot reserve much.
    let capacity = size_hint.map_or(0, |size| size.min(256 * 1024 * 1024)) as usize;
    let mut bytes = Vec::with_capacity(capacity);
    match reader.read_to_end(&mut bytes) {
        Ok(_) => Ok(bytes),
        Err(err) => Err((err, reader.is_gzip())),
    }
}
