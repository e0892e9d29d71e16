//! The laid-out pages become a PDF file: printpdf builds the document
//! (fonts subset and embedded, bookmarks, document information), the
//! structure tree is written into it when tagged, and it is saved with a
//! trailer id drawn from its own bytes, so the same pack gives the same file.

use std::sync::OnceLock;

use printpdf::{
    FontId, Mm, PageAnnotId, PageAnnotation, ParsedFont, PdfDocument, PdfFont, PdfPage, PdfSaveOptions, Pt,
};

use super::{PdfError, canvas::Finished, fonts::Face, structure};
use crate::packs::{Pack, PackMeta};

fn parsed(face: Face) -> Result<&'static ParsedFont, PdfError> {
    static REGULAR: OnceLock<Option<ParsedFont>> = OnceLock::new();
    static BOLD: OnceLock<Option<ParsedFont>> = OnceLock::new();
    let cell = match face {
        Face::Regular => &REGULAR,
        Face::Bold => &BOLD,
    };
    cell.get_or_init(|| ParsedFont::from_bytes(face.bytes(), 0, &mut Vec::new()))
        .as_ref()
        .ok_or(PdfError::Font)
}

/// Writes the pages as a PDF file, tagged unless `tagged` is false.
pub(super) fn write(pack: &Pack, finished: Finished, fonts: [FontId; 2], tagged: bool) -> Result<Vec<u8>, PdfError> {
    let [regular, bold] = fonts;
    let meta = &pack.meta;
    let title = format!("{} — {}", meta.running_title(), meta.document_title);
    let mut doc = PdfDocument::new(&title);
    let info = &mut doc.metadata.info;
    info.author.clone_from(&meta.organisation);
    format!("{} {}", meta.framework_title, meta.period)
        .trim()
        .clone_into(&mut info.subject);
    "Critical Friend".clone_into(&mut info.creator);
    info.producer = format!("Critical Friend {}", env!("CARGO_PKG_VERSION"));
    let date = export_timestamp(meta);
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    doc.resources
        .fonts
        .map
        .insert(regular, PdfFont::new(parsed(Face::Regular)?.clone()));
    doc.resources
        .fonts
        .map
        .insert(bold, PdfFont::new(parsed(Face::Bold)?.clone()));
    for (index, (name, page)) in finished.outline.into_iter().enumerate() {
        doc.bookmarks
            .map
            .insert(PageAnnotId(format!("B{index:04}")), PageAnnotation { name, page });
    }
    let (width, height) = pack.paper.size_pt();
    let pages = finished
        .pages
        .into_iter()
        .map(|ops| PdfPage::new(Mm::from(Pt(width)), Mm::from(Pt(height)), ops))
        .collect();
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut document = doc.with_pages(pages).to_lopdf_document(&options, &mut Vec::new());
    if tagged {
        let subject = format!("{} {}", meta.framework_title, meta.period);
        let identity = structure::Identity {
            title: &title,
            author: &meta.organisation,
            subject: subject.trim(),
            producer: &format!("Critical Friend {}", env!("CARGO_PKG_VERSION")),
            date: format!("{}T00:00:00Z", meta.exported_on),
            language: "en-GB",
        };
        structure::write(&mut document, &finished.tags, &identity)?;
    }
    compress(&mut document);
    let mut bytes = Vec::new();
    document
        .save_to(&mut bytes)
        .map_err(|error| PdfError::Write(error.to_string()))?;
    Ok(stable_trailer_id(bytes))
}

/// Deflates every stream that may be, at a fast level: lopdf's own pass
/// uses the slowest, best level, which took most of an export's time for a
/// file a few per cent smaller.
fn compress(document: &mut lopdf::Document) {
    // One compressor, reset between streams: making one is most of the
    // cost of deflating a small stream. (Sharing the streams with a second
    // thread, and parsing the fonts on one while the database opened, were
    // both measured slower as a whole process: docs/benchmarks.md.)
    let mut compressor = flate2::Compress::new(flate2::Compression::new(DEFLATE_LEVEL), true);
    for object in document.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object
            && stream.allows_compression
            && !stream.dict.has(b"Filter")
        {
            deflate(stream, &mut compressor);
        }
    }
}

fn deflate(stream: &mut lopdf::Stream, compressor: &mut flate2::Compress) {
    compressor.reset();
    let mut compressed = Vec::with_capacity(stream.content.len() / 2 + 64);
    loop {
        let read = usize::try_from(compressor.total_in()).unwrap_or(usize::MAX);
        let rest = stream.content.get(read..).unwrap_or_default();
        match compressor.compress_vec(rest, &mut compressed, flate2::FlushCompress::Finish) {
            Ok(flate2::Status::StreamEnd) => break,
            Ok(_) => compressed.reserve(compressed.capacity().max(64)),
            Err(_) => return,
        }
    }
    if compressed.len() + 19 < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
}

/// zlib's level for the PDF's streams (0 none, 9 best). Measured on the
/// example's full pack (docs/benchmarks.md): level 6 took 9.5 ms, 3 took
/// 8.7 ms for a file 3.5 % larger, 1 took 7.8 ms for one 21 % larger.
const DEFLATE_LEVEL: u32 = 3;

fn export_timestamp(meta: &PackMeta) -> printpdf::OffsetDateTime {
    let seconds = meta.exported_on.midnight().assume_utc().unix_timestamp();
    printpdf::OffsetDateTime::from_unix_timestamp(seconds)
        .or_else(|_| printpdf::OffsetDateTime::from_unix_timestamp(0))
        .unwrap_or_else(|_| unreachable!("the epoch is a valid timestamp"))
}

/// printpdf writes a random document /ID in the trailer; replace it with a
/// digest of the rest of the file so identical packs give identical bytes.
fn stable_trailer_id(mut bytes: Vec<u8>) -> Vec<u8> {
    let Some(at) = bytes.windows(3).rposition(|window| window == b"/ID") else {
        return bytes;
    };
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in &bytes[..at] {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut digits = format!("{hash:016x}{:016x}", hash.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15).into_bytes();
    let mut index = at;
    let mut strings = 0;
    while index < bytes.len() && strings < 2 {
        if bytes[index] == b'(' {
            let start = index + 1;
            if let Some(length) = bytes[start..].iter().position(|&b| b == b')') {
                for (offset, slot) in bytes[start..start + length].iter_mut().enumerate() {
                    *slot = digits[offset % digits.len()];
                }
                digits.rotate_left(7);
                index = start + length;
                strings += 1;
            }
        }
        index += 1;
    }
    bytes
}
