//! A tagged PDF read back with lopdf as a screen reader would walk it:
//! each page's text by marked-content id (and what is an artifact), the
//! structure tree from the catalogue down, and the checks every tagged
//! pack must pass — language, title, PDF/UA metadata, every mark in the
//! tree exactly once, the parent tree leading back from marks and links.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Encoding, Object, ObjectId, content::Content, decode_text_string};

/// A page's text as drawn: by marked-content id, in artifacts, and outside both.
#[derive(Default)]
pub struct PageText {
    marked: BTreeMap<i64, String>,
    /// How many lines each marked-content id's text sits on: the distinct
    /// heights its text is set at.
    lines: BTreeMap<i64, std::collections::BTreeSet<i64>>,
    artifact: String,
    loose: String,
}

#[derive(Clone, Copy)]
enum Mark {
    Id(i64),
    Artifact,
    Other,
}

pub fn read_page(doc: &Document, page: ObjectId) -> PageText {
    let fonts = doc.get_page_fonts(page).expect("page fonts");
    let encodings: BTreeMap<Vec<u8>, Encoding> = fonts
        .iter()
        .map(|(name, font)| (name.clone(), font.get_font_encoding(doc).expect("font encoding")))
        .collect();
    let content = Content::decode(&doc.get_page_content(page)).expect("content decodes");
    let mut text = PageText::default();
    let mut stack: Vec<Mark> = Vec::new();
    let mut font: Option<Vec<u8>> = None;
    for op in content.operations {
        let mut strings = Vec::new();
        match op.operator.as_str() {
            "BDC" | "BMC" => {
                let tag = op.operands[0].as_name().expect("tag name");
                let mcid = op
                    .operands
                    .get(1)
                    .and_then(|props| props.as_dict().ok())
                    .and_then(|props| props.get(b"MCID").ok())
                    .and_then(|mcid| mcid.as_i64().ok());
                stack.push(match (tag, mcid) {
                    (b"Artifact", _) => Mark::Artifact,
                    (_, Some(mcid)) => {
                        // A figure's lines and fills are marked content without text.
                        assert!(
                            text.marked.insert(mcid, String::new()).is_none(),
                            "MCID {mcid} used twice on a page"
                        );
                        Mark::Id(mcid)
                    }
                    _ => Mark::Other,
                });
            }
            "EMC" => {
                stack.pop().expect("EMC closes a BDC or BMC");
            }
            "Tf" => font = Some(op.operands[0].as_name().expect("font name").to_vec()),
            "Td" => {
                if let Some(Mark::Id(mcid)) = stack.iter().rev().find(|mark| matches!(mark, Mark::Id(_))) {
                    let height = op.operands[1].as_float().expect("a number");
                    #[allow(clippy::cast_possible_truncation)]
                    text.lines
                        .entry(*mcid)
                        .or_default()
                        .insert((height * 10.0).round() as i64);
                }
            }
            "Tj" | "'" => strings.push(op.operands[0].clone()),
            "\"" => strings.push(op.operands[2].clone()),
            "TJ" => strings.extend(op.operands[0].as_array().expect("TJ array").iter().cloned()),
            _ => {}
        }
        for string in strings {
            let Object::String(bytes, _) = string else { continue };
            let encoding = &encodings[font.as_ref().expect("a font is set before text")];
            let decoded = Document::decode_text(encoding, &bytes).expect("every glyph maps to Unicode");
            assert!(!decoded.contains('\u{FFFD}'), "unmapped glyph in {decoded:?}");
            let target = if stack.iter().any(|mark| matches!(mark, Mark::Artifact)) {
                &mut text.artifact
            } else if let Some(Mark::Id(mcid)) = stack.iter().rev().find(|mark| matches!(mark, Mark::Id(_))) {
                text.marked.entry(*mcid).or_default()
            } else {
                &mut text.loose
            };
            target.push_str(&decoded);
        }
    }
    assert!(stack.is_empty(), "marked content left open at the end of a page");
    text
}

/// A structure element as read back.
pub struct Node {
    pub id: ObjectId,
    pub tag: String,
    pub children: Vec<usize>,
    pub marks: Vec<(ObjectId, i64)>,
    pub annotations: Vec<ObjectId>,
    pub dict: Dictionary,
}

fn walk(doc: &Document, id: ObjectId, parent: ObjectId, nodes: &mut Vec<Node>) -> usize {
    let dict = doc.get_dictionary(id).expect("structure element").clone();
    assert_eq!(
        dict.get(b"Type").and_then(Object::as_name).ok(),
        Some(&b"StructElem"[..])
    );
    assert_eq!(
        dict.get(b"P").and_then(Object::as_reference).ok(),
        Some(parent),
        "each element names its parent"
    );
    let tag = String::from_utf8(dict.get(b"S").and_then(Object::as_name).expect("/S").to_vec()).expect("ascii");
    let page = dict.get(b"Pg").and_then(Object::as_reference).ok();
    let index = nodes.len();
    nodes.push(Node {
        id,
        tag,
        children: Vec::new(),
        marks: Vec::new(),
        annotations: Vec::new(),
        dict: dict.clone(),
    });
    let kids = match dict.get(b"K") {
        Ok(Object::Array(kids)) => kids.clone(),
        Ok(kid) => vec![kid.clone()],
        Err(_) => Vec::new(),
    };
    for kid in kids {
        match kid {
            Object::Integer(mcid) => nodes[index].marks.push((page.expect("/Pg for a bare MCID"), mcid)),
            Object::Reference(child) => {
                let child = walk(doc, child, id, nodes);
                nodes[index].children.push(child);
            }
            Object::Dictionary(kid) => {
                let page = kid.get(b"Pg").and_then(Object::as_reference).ok().or(page);
                match kid.get(b"Type").and_then(Object::as_name).expect("kid type") {
                    b"MCR" => {
                        let mcid = kid.get(b"MCID").and_then(Object::as_i64).expect("MCID");
                        nodes[index].marks.push((page.expect("MCR page"), mcid));
                    }
                    b"OBJR" => {
                        let annotation = kid.get(b"Obj").and_then(Object::as_reference).expect("OBJR /Obj");
                        nodes[index].annotations.push(annotation);
                    }
                    other => panic!("unexpected kid {}", String::from_utf8_lossy(other)),
                }
            }
            other => panic!("unexpected kid {other:?}"),
        }
    }
    index
}

/// The language, the title (shown in the viewer's title bar, the same in
/// the document information and the XMP) and the PDF/UA identification.
fn check_document(doc: &Document, catalog: &Dictionary, title: &str) {
    let lang = decode_text_string(catalog.get(b"Lang").expect("/Lang")).expect("text");
    assert_eq!(lang, "en-GB");
    let marked = doc
        .get_dict_in_dict(catalog, b"MarkInfo")
        .and_then(|info| info.get(b"Marked"))
        .and_then(Object::as_bool);
    assert_eq!(marked.ok(), Some(true), "/MarkInfo << /Marked true >>");
    let shows_title = doc
        .get_dict_in_dict(catalog, b"ViewerPreferences")
        .and_then(|prefs| prefs.get(b"DisplayDocTitle"))
        .and_then(Object::as_bool);
    assert_eq!(shows_title.ok(), Some(true));
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .expect("document information");
    let info_title = decode_text_string(info.get(b"Title").expect("/Title")).expect("text");
    assert_eq!(info_title, title);
    // Not a PDF/X file, so no PDF/X version, not even an empty one.
    assert!(info.get(b"GTS_PDFXVersion").is_err(), "no PDF/X claim");
    if let Ok(mode) = catalog.get(b"PageMode") {
        assert!(mode.as_name().is_ok(), "/PageMode is a name: {mode:?}");
    }
    let metadata = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_object(id))
        .and_then(Object::as_stream)
        .expect("XMP metadata");
    let xmp = String::from_utf8(metadata.content.clone()).expect("XMP is UTF-8");
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "PDF/UA identified");
    assert!(xmp.contains(&title.replace('&', "&amp;")), "XMP title matches");
}

/// What one tagged PDF says, checked throughout.
pub struct Tagged {
    pub nodes: Vec<Node>,
    pub pages: Vec<ObjectId>,
    pub text: BTreeMap<(ObjectId, i64), String>,
    /// How many lines each mark's text is set on.
    pub lines: BTreeMap<(ObjectId, i64), usize>,
    pub artifacts: String,
}

impl Tagged {
    pub fn read(bytes: &[u8], title: &str) -> Self {
        let doc = Document::load_mem(bytes).expect("the PDF parses");
        let catalog = doc.catalog().expect("catalog");
        check_document(&doc, catalog, title);
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let mut text = BTreeMap::new();
        let mut lines = BTreeMap::new();
        let mut artifacts = String::new();
        for &page in &pages {
            let page_text = read_page(&doc, page);
            for (mcid, heights) in &page_text.lines {
                lines.insert((page, *mcid), heights.len());
            }
            assert_eq!(page_text.loose, "", "text neither tagged nor an artifact");
            artifacts.push_str(&page_text.artifact);
            artifacts.push('\n');
            for (mcid, words) in page_text.marked {
                text.insert((page, mcid), words);
            }
        }

        let root_id = catalog
            .get(b"StructTreeRoot")
            .and_then(Object::as_reference)
            .expect("/StructTreeRoot");
        let root = doc.get_dictionary(root_id).expect("root");
        let document = root.get(b"K").and_then(Object::as_reference).expect("root /K");
        let mut nodes = Vec::new();
        walk(&doc, document, root_id, &mut nodes);
        assert_eq!(nodes[0].tag, "Document");

        let mut referenced = BTreeMap::new();
        for (index, node) in nodes.iter().enumerate() {
            for &mark in &node.marks {
                assert!(
                    referenced.insert(mark, index).is_none(),
                    "{mark:?} is in the tree twice"
                );
                assert!(text.contains_key(&mark), "{mark:?} is in the tree but not on its page");
            }
        }
        let untagged: Vec<_> = text.keys().filter(|mark| !referenced.contains_key(mark)).collect();
        assert!(untagged.is_empty(), "marked content outside the tree: {untagged:?}");

        // The parent tree leads from each page's marks and each link back
        // to the element that holds them.
        let nums = doc
            .get_dict_in_dict(root, b"ParentTree")
            .and_then(|tree| tree.get(b"Nums"))
            .and_then(Object::as_array)
            .expect("/ParentTree /Nums");
        let parents: BTreeMap<i64, &Object> = nums
            .chunks(2)
            .map(|pair| (pair[0].as_i64().expect("key"), &pair[1]))
            .collect();
        for &page in &pages {
            let key = doc
                .get_dictionary(page)
                .and_then(|page| page.get(b"StructParents"))
                .and_then(Object::as_i64)
                .expect("/StructParents");
            let marks = parents[&key].as_array().expect("array of parents");
            for (mcid, parent) in marks.iter().enumerate() {
                let mark = (page, i64::try_from(mcid).expect("small"));
                let holder = referenced[&mark];
                assert_eq!(parent.as_reference().ok(), Some(nodes[holder].id));
            }
        }
        for node in &nodes {
            for &annotation in &node.annotations {
                let annotation = doc.get_dictionary(annotation).expect("annotation");
                let key = annotation
                    .get(b"StructParent")
                    .and_then(Object::as_i64)
                    .expect("/StructParent");
                assert_eq!(parents[&key].as_reference().ok(), Some(node.id));
                let contents = decode_text_string(annotation.get(b"Contents").expect("/Contents")).expect("text");
                // A contents entry says where it goes; an address, what it opens.
                assert!(
                    contents.starts_with("Go to ") || contents.starts_with("Link to "),
                    "{contents}"
                );
            }
        }
        Self {
            nodes,
            pages,
            text,
            lines,
            artifacts,
        }
    }

    /// All the text under a node, in reading order.
    pub fn text_of(&self, index: usize) -> String {
        let node = &self.nodes[index];
        let mut out: String = node.marks.iter().map(|mark| self.text[mark].as_str()).collect();
        // Marks and children interleave in the file; the document's order
        // puts a node's direct marks and children in the order laid out,
        // which for these packs is marks of leaves only.
        for &child in &node.children {
            out.push_str(&self.text_of(child));
        }
        out
    }

    pub fn of_tag<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = usize> + 'a {
        (0..self.nodes.len()).filter(move |&index| self.nodes[index].tag == tag)
    }

    pub fn child_tags(&self, index: usize) -> Vec<&str> {
        self.nodes[index]
            .children
            .iter()
            .map(|&child| self.nodes[child].tag.as_str())
            .collect()
    }
}
