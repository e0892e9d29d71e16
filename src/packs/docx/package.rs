//! Finishing the Word package after `docx-rs` has written it: what its
//! builders cannot say is written into the package's XML parts here —
//! table header rows that repeat on every page, each picture's alternative
//! text, the contents' right-hand tab stop, and the document's title,
//! creator and language (in the properties, and as every run's default). Every other part is copied unchanged.

use std::io::{Cursor, Read, Write};

use zip::{CompressionMethod, ZipArchive, ZipWriter, write::SimpleFileOptions};

/// How `docx-rs` writes a row marked "can't split" and nothing else; only
/// header rows are marked so.
const HEADER_ROW: &str = "<w:trPr><w:cantSplit /></w:trPr>";
/// The same row, also repeated at the top of every page the table runs onto.
const REPEATED_HEADER_ROW: &str = "<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>";
/// The tab stop `docx-rs` gives contents entries, far beyond any page.
const TOC_TAB: &str = "w:pos=\"80000\"";

/// What the package is finished with.
pub(super) struct Finish<'a> {
    /// The document's title, for its properties.
    pub title: &'a str,
    /// Who wrote it.
    pub creator: &'a str,
    /// Its language, e.g. `en-GB`.
    pub language: &'a str,
    /// Each picture's alternative text, in the order the pictures appear.
    pub alt_texts: &'a [String],
    /// The width of the page's body, for the contents' page numbers.
    pub body_twips: usize,
}

/// Escapes text for an XML attribute or element.
fn escaped(text: &str) -> String {
    let text: String = text.chars().filter(|c| super::text::xml_allows(*c)).collect();
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Gives the `n`th `<wp:docPr` its `descr`, in document order.
fn describe_pictures(xml: &str, alt_texts: &[String]) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let mut index = 0;
    while let Some(at) = rest.find("<wp:docPr ") {
        let (before, after) = rest.split_at(at + "<wp:docPr ".len());
        out.push_str(before);
        if let Some(alt) = alt_texts.get(index) {
            out.push_str("descr=\"");
            out.push_str(&escaped(alt));
            out.push_str("\" ");
        }
        index += 1;
        rest = after;
    }
    out.push_str(rest);
    out
}

fn document(xml: &str, finish: &Finish<'_>) -> String {
    let xml = xml
        .replace(HEADER_ROW, REPEATED_HEADER_ROW)
        .replace(TOC_TAB, &format!("w:pos=\"{}\"", finish.body_twips));
    describe_pictures(&xml, finish.alt_texts)
}

/// The document's language, on every run by default.
fn styles(xml: &str, finish: &Finish<'_>) -> String {
    xml.replacen(
        "<w:rPrDefault><w:rPr>",
        &format!(
            "<w:rPrDefault><w:rPr><w:lang w:val=\"{0}\" w:eastAsia=\"{0}\" w:bidi=\"{0}\" />",
            escaped(finish.language)
        ),
        1,
    )
}

/// Word asked to count the document's fields (the contents' page numbers)
/// when it opens it; `updateFields` comes just before the compatibility
/// settings in the schema's order.
fn settings(xml: &str, _finish: &Finish<'_>) -> String {
    xml.replacen("<w:compat>", "<w:updateFields w:val=\"true\" /><w:compat>", 1)
}

fn core(xml: &str, finish: &Finish<'_>) -> String {
    let xml = xml.replace(
        "<dc:creator>unknown</dc:creator>",
        &format!("<dc:creator>{}</dc:creator>", escaped(finish.creator)),
    );
    xml.replace(
        "</cp:coreProperties>",
        &format!(
            "<dc:language>{}</dc:language><dc:title>{}</dc:title></cp:coreProperties>",
            escaped(finish.language),
            escaped(finish.title)
        ),
    )
}

/// zlib's level for the parts rewritten here (0 none, 9 best): the fastest,
/// as the parts are small and Word files are mostly read, not stored.
const DEFLATE_LEVEL: i64 = 1;

/// Rewrites the parts that need it and copies every other part unchanged.
pub(super) fn finish(package: &[u8], finish: &Finish<'_>) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(package))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(package.len())));
    for index in 0..archive.len() {
        let mut part = archive.by_index(index)?;
        let name = part.name()?.into_owned();
        let rewrite: Option<fn(&str, &Finish<'_>) -> String> = match name.as_str() {
            "word/document.xml" => Some(document),
            "docProps/core.xml" => Some(core),
            "word/styles.xml" => Some(styles),
            "word/settings.xml" => Some(settings),
            _ => None,
        };
        match rewrite {
            Some(rewrite) => {
                let mut xml = String::new();
                part.read_to_string(&mut xml)?;
                let options = SimpleFileOptions::default()
                    .compression_method(CompressionMethod::Deflated)
                    .compression_level(Some(DEFLATE_LEVEL))
                    .last_modified_time(part.last_modified().unwrap_or_default());
                out.start_file(name, options)?;
                out.write_all(rewrite(&xml, finish).as_bytes())?;
            }
            None => out.raw_copy_file(part)?,
        }
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_get_their_alternative_text_in_order() {
        let xml = "<wp:docPr id=\"1\" name=\"a\"/><x/><wp:docPr id=\"2\" name=\"b\"/>";
        let alts = ["First & “one”".to_owned(), "Second <two>".to_owned()];
        assert_eq!(
            describe_pictures(xml, &alts),
            "<wp:docPr descr=\"First &amp; “one”\" id=\"1\" name=\"a\"/><x/><wp:docPr descr=\"Second &lt;two&gt;\" id=\"2\" name=\"b\"/>"
        );
    }
}
