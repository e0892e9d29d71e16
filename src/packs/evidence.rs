//! The evidence in packs: the register as the documents appendix prints it.

use crate::{domain::Assessment, packs::PackMeta, text::count};

/// The sentence that introduces the documents appendix.
pub fn documents_intro(meta: &PackMeta, documents: usize) -> String {
    format!(
        "The council’s register of documents ({}), each with the {} it supports. Files attached travel in the \
         evidence bundle; “Considered” marks those the peer team read.",
        count(documents, "document"),
        meta.items_word()
    )
}

/// One document of the register, as the appendix prints it.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentRow {
    /// "D1", title (with its description under it), reference, date,
    /// owner, items, file ("name, 1.2 MB" or "–"), considered ("Yes" or "–").
    pub cells: Vec<String>,
}

/// The register, as the documents appendix prints it.
pub fn document_rows(assessment: &Assessment) -> Vec<DocumentRow> {
    (1..)
        .zip(&assessment.documents)
        .map(|(number, document)| {
            let title = if document.particulars.description.is_empty() {
                document.title.clone()
            } else {
                format!("{}\n{}", document.title, document.particulars.description)
            };
            let dash = |text: &str| {
                if text.is_empty() {
                    "–".to_owned()
                } else {
                    text.to_owned()
                }
            };
            let file = document.file.as_ref().map_or_else(
                || "–".to_owned(),
                |file| format!("{}, {}", file.name, crate::text::file_size(file.size)),
            );
            DocumentRow {
                cells: vec![
                    format!("D{number}"),
                    title,
                    dash(&document.particulars.reference),
                    dash(&document.particulars.date),
                    dash(&document.particulars.owner),
                    dash(&crate::domain::evidence::items_key(&document.items)),
                    file,
                    if document.considered { "Yes" } else { "–" }.to_owned(),
                ],
            }
        })
        .collect()
}
