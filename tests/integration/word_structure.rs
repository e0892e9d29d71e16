//! A Word package read back as Word's accessibility checker and a screen
//! reader look at it: each paragraph's style, text and link, each
//! picture's alternative text, whether the contents are a field, and the
//! styles and document properties.

/// One paragraph of a Word document: its style, its text, and the
/// bookmark its hyperlink points at, if any.
#[derive(Debug, Default)]
pub struct WordParagraph {
    pub style: String,
    pub text: String,
    pub anchor: Option<String>,
}

/// The parts of a Word package a screen reader and Word's accessibility
/// checker look at.
pub struct Word {
    pub paragraphs: Vec<WordParagraph>,
    pub pictures: Vec<Option<String>>,
    /// Whether the contents' page numbers are fields Word and LibreOffice count.
    pub contents_field: bool,
    pub styles: String,
    pub core: String,
}

fn attribute(element: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    element
        .attributes()
        .filter_map(Result::ok)
        .find(|attribute| attribute.key.as_ref() == name)
        .map(|attribute| attribute.value.into_owned())
}

pub fn read_word(bytes: &[u8]) -> Word {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut part = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).expect("part"), &mut text).expect("UTF-8");
        text
    };
    let (document, styles, core) = (
        part("word/document.xml"),
        part("word/styles.xml"),
        part("docProps/core.xml"),
    );
    let mut reader = quick_xml::Reader::from_str(&document);
    let mut word = Word {
        paragraphs: Vec::new(),
        pictures: Vec::new(),
        contents_field: false,
        styles,
        core,
    };
    let mut current = WordParagraph::default();
    let (mut in_text, mut in_instruction) = (false, false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(element) | Event::Empty(element) => match element.name().as_ref() {
                "w:pStyle" => current.style = attribute(&element, "w:val").unwrap_or_default(),
                "w:hyperlink" => current.anchor = attribute(&element, "w:anchor"),
                "wp:docPr" => word.pictures.push(attribute(&element, "descr")),
                "w:t" => in_text = true,
                "w:instrText" => in_instruction = true,
                _ => {}
            },
            Event::Text(text) => {
                let text = text.xml10_content().into_owned();
                if in_text {
                    current.text.push_str(&text);
                }
                if in_instruction && text.trim_start().starts_with("PAGEREF") {
                    word.contents_field = true;
                }
            }
            Event::GeneralRef(reference) if in_text => {
                let name = reference.into_inner();
                current.text.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    _ => "'",
                });
            }
            Event::End(element) => match element.name().as_ref() {
                "w:t" => in_text = false,
                "w:instrText" => in_instruction = false,
                "w:p" => word.paragraphs.push(std::mem::take(&mut current)),
                _ => {}
            },
            _ => {}
        }
    }
    word
}

/// Web and email addresses in the report's text are Word hyperlinks: the
/// contact details' email writes an email and the web address opens the
/// page, with the punctuation after them left outside.
#[test]
fn addresses_in_the_report_are_hyperlinks_in_word() {
    let pack = crate::common::report_with_addresses();
    let bytes = critical_friend::packs::docx::render(&pack).expect("Word");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut part = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).expect(name), &mut text).expect("read");
        text
    };
    let document = part("word/document.xml");
    let relationships = part("word/_rels/document.xml.rels");
    assert_eq!(
        document.matches("<w:hyperlink r:id=").count(),
        2,
        "two external links: {document}"
    );
    assert!(
        relationships.contains("Target=\"mailto:jo.reid@local.gov.uk\""),
        "{relationships}"
    );
    assert!(relationships.contains("Target=\"https://www.local.gov.uk/peer-challenges\""));
    assert!(relationships.contains("TargetMode=\"External\""));
}
