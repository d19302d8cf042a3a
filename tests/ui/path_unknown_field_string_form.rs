// A typo in the string form is reported at the literal with the attributes of the document it
// names, and without rustc's method suggestion (which would replace the whole literal).
use aiodynamo::prelude::*;

#[derive(serde::Serialize, serde::Deserialize, Document)]
struct Shelf {
    row: u32,
    #[serde(rename = "col")]
    column: u32,
}

#[table("books", hash_key = "isbn")]
#[derive(serde::Serialize, serde::Deserialize)]
struct Book {
    isbn: String,
    shelf: Shelf,
}

fn main() {
    let _ = attr!(Book, "shelf.rwo");
    let _ = attr!(Book, "shelve.row");
}
