//! HTML: elements nested past the limit, and unclosed formatting elements past a fixed count.
//!
//! A light scan follows the tags the way the HTML tree builder will (void and raw-text elements,
//! the end tags a paragraph, list item, cell or row implies, scope boundaries, foreign content,
//! the list of active formatting elements) and keeps its own stack of open elements. A start
//! tag that would open an element past the limit is turned into a bogus comment (`<?     >`) of
//! the same length, and so is the end tag that would have closed it: the parser never sees
//! either, and the text between them stays where it was. The scan is an approximation of the
//! tree builder; what matters is that the parser's stack stays near the limit, and that a
//! document within the limit is left untouched.
//!
//! Formatting elements (`b`, `i`, `font`, `a`…) left open are re-created by the parser in every
//! later paragraph: with distinct attributes nothing merges them, and `<b id=N><p>x` repeated
//! made the DOM grow with the square of the input (4,000 repetitions gave 8 million nodes).
//! At most [`MAX_FORMATTING`] are kept open at once, more are neutralised the same way, and the
//! parser may re-create them no more than once per `CLONES_PER_BYTE` bytes of the document;
//! past that, the ones it would re-create are neutralised where they were opened.
use super::{apply, Bounded, Edit};
use std::collections::HashMap;

/// How many unclosed formatting elements (after the last table cell or similar boundary) are
/// kept at once. Each may be re-created in every later paragraph, so this bounds what the DOM
/// can grow by per tag.
pub const MAX_FORMATTING: usize = 12;

/// Bytes of input per formatting element the parser may re-create after a paragraph closed it.
const CLONES_PER_BYTE: usize = 8;

const VOID: u32 = 1;
const RAW: u32 = 1 << 1;
const SPECIAL: u32 = 1 << 2;
const FORMATTING: u32 = 1 << 3;
/// Bounds the default scope (the tree builder stops looking for an element there).
const SCOPE: u32 = 1 << 4;
const CLOSES_P: u32 = 1 << 5;
/// Pushes a marker on the list of active formatting elements.
const MARKER: u32 = 1 << 6;
const TABLE_PART: u32 = 1 << 7;
const HEADING: u32 = 1 << 8;
/// `html`, `head`, `body`: merged into the elements the parser creates itself.
const MERGED: u32 = 1 << 9;
/// Leaves SVG or MathML content when met inside it.
const BREAKOUT: u32 = 1 << 10;
/// Inside SVG or MathML, content below it is HTML again.
const INTEGRATION: u32 = 1 << 11;
const FOREIGN_ROOT: u32 = 1 << 12;
const PLAINTEXT: u32 = 1 << 13;
const BUTTON: u32 = 1 << 14;
const LIST: u32 = 1 << 15;

fn classify(name: &[u8]) -> u32 {
    const BLOCK: u32 = SPECIAL | CLOSES_P | BREAKOUT;
    match name {
        b"area" | b"base" | b"basefont" | b"bgsound" | b"link" | b"meta" | b"param" | b"source" | b"track" | b"wbr"
        | b"frame" | b"input" | b"keygen" => VOID | SPECIAL,
        b"br" | b"embed" | b"img" => VOID | SPECIAL | BREAKOUT,
        b"hr" => VOID | SPECIAL | CLOSES_P | BREAKOUT,
        b"col" => VOID | SPECIAL | TABLE_PART,
        b"script" | b"style" | b"noscript" | b"noembed" | b"noframes" | b"iframe" | b"textarea" => RAW | SPECIAL,
        b"xmp" => RAW | SPECIAL | CLOSES_P,
        b"title" => RAW | SPECIAL | INTEGRATION,
        b"plaintext" => PLAINTEXT | SPECIAL | CLOSES_P,
        b"html" => MERGED | SPECIAL | SCOPE,
        b"head" => MERGED | SPECIAL | BREAKOUT,
        b"body" => MERGED | SPECIAL | BREAKOUT,
        b"a" => FORMATTING,
        b"b" | b"big" | b"code" | b"em" | b"i" | b"nobr" | b"s" | b"small" | b"strike" | b"strong" | b"tt" | b"u"
        | b"font" => FORMATTING | BREAKOUT,
        b"applet" | b"marquee" | b"object" => SPECIAL | SCOPE | MARKER,
        b"template" => SPECIAL | SCOPE | MARKER,
        b"table" => SPECIAL | SCOPE | BREAKOUT,
        b"caption" => SPECIAL | SCOPE | MARKER | TABLE_PART,
        b"td" | b"th" => SPECIAL | SCOPE | MARKER | TABLE_PART,
        b"tr" | b"tbody" | b"thead" | b"tfoot" | b"colgroup" => SPECIAL | TABLE_PART,
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => BLOCK | HEADING,
        b"ol" | b"ul" => BLOCK | LIST,
        b"dd" | b"dt" | b"li" | b"div" | b"dl" | b"p" | b"pre" | b"listing" | b"menu" | b"blockquote" | b"center" => {
            BLOCK
        }
        b"address" | b"article" | b"aside" | b"details" | b"dialog" | b"dir" | b"fieldset" | b"figcaption"
        | b"figure" | b"footer" | b"header" | b"hgroup" | b"main" | b"nav" | b"search" | b"section" | b"summary" => {
            SPECIAL | CLOSES_P
        }
        b"form" => SPECIAL | CLOSES_P,
        b"button" => SPECIAL | BUTTON,
        b"select" | b"frameset" => SPECIAL,
        b"ruby" | b"span" | b"sub" | b"sup" | b"var" => BREAKOUT,
        b"svg" | b"math" => FOREIGN_ROOT,
        b"foreignobject" | b"desc" | b"mi" | b"mo" | b"mn" | b"ms" | b"mtext" | b"annotation-xml" => INTEGRATION,
        _ => 0,
    }
}

/// A name's identity: FNV-1a of its lower-case bytes.
fn hash(name: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in name {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Element names the scan asks about by identity.
struct Names {
    p: u64,
    li: u64,
    dd: u64,
    dt: u64,
    a: u64,
    nobr: u64,
    table: u64,
    template: u64,
    tbody: u64,
    thead: u64,
    tfoot: u64,
    tr: u64,
    td: u64,
    th: u64,
    caption: u64,
    option: u64,
    optgroup: u64,
    address: u64,
    div: u64,
}

impl Names {
    fn new() -> Self {
        Names {
            p: hash(b"p"),
            li: hash(b"li"),
            dd: hash(b"dd"),
            dt: hash(b"dt"),
            a: hash(b"a"),
            nobr: hash(b"nobr"),
            table: hash(b"table"),
            template: hash(b"template"),
            tbody: hash(b"tbody"),
            thead: hash(b"thead"),
            tfoot: hash(b"tfoot"),
            tr: hash(b"tr"),
            td: hash(b"td"),
            th: hash(b"th"),
            caption: hash(b"caption"),
            option: hash(b"option"),
            optgroup: hash(b"optgroup"),
            address: hash(b"address"),
            div: hash(b"div"),
        }
    }
}

#[derive(Clone, Copy)]
struct Open {
    name: u64,
    flags: u32,
    /// Inside SVG or MathML (and not an integration point).
    foreign: bool,
    /// The formatting element's entry in the active list.
    active: Option<u32>,
}

#[derive(Clone, Copy)]
enum Active {
    Marker,
    Element { id: u32, name: u64, flags: u32, on_stack: bool, tag: (usize, usize) },
}

struct Tag {
    name: u64,
    flags: u32,
    self_closing: bool,
    /// Lower-case name, for raw-text elements (whose end must be found by name).
    raw_name: Vec<u8>,
}

struct Scan<'a> {
    bytes: &'a [u8],
    limit: usize,
    names: Names,
    /// `<!DOCTYPE html>` first: a table then closes an open paragraph.
    standards: bool,
    stack: Vec<Open>,
    active: Vec<Active>,
    next_id: u32,
    detached: bool,
    /// How many more formatting elements the parser may re-create (one per byte of input
    /// divided by [`CLONES_PER_BYTE`]); past it, the ones it would re-create are neutralised.
    clone_budget: usize,
    /// Neutralised start tags not closed yet: (name, stack depth when neutralised).
    phantoms: Vec<(u64, usize)>,
    phantom_count: HashMap<u64, usize>,
    edits: Vec<Edit>,
}

/// The text to hand to the HTML parser: `html` with no element nested past `limit` (counting
/// `html` and `body`) and at most [`MAX_FORMATTING`] formatting elements left open.
pub fn bound(html: &str, limit: usize) -> Bounded<'_> {
    let bytes = html.as_bytes();
    let head = &bytes[..bytes.len().min(64)];
    let head = String::from_utf8_lossy(head).trim_start_matches('\u{feff}').trim_start().to_ascii_lowercase();
    let mut scan = Scan {
        bytes,
        limit: limit.max(3),
        names: Names::new(),
        standards: head.starts_with("<!doctype html"),
        stack: Vec::new(),
        active: Vec::new(),
        next_id: 0,
        detached: false,
        clone_budget: bytes.len() / CLONES_PER_BYTE + 4096,
        phantoms: Vec::new(),
        phantom_count: HashMap::new(),
        edits: Vec::new(),
    };
    scan.run();
    if scan.edits.is_empty() {
        return Bounded::untouched(html);
    }
    let first = scan.edits.iter().map(|e| if let Edit::Blank(r) = e { r.start } else { 0 }).min();
    let neutralised = scan.edits.len();
    Bounded { text: std::borrow::Cow::Owned(apply(html, &scan.edits)), first, neutralised }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// Where `needle` next occurs in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut at = from;
    while at + needle.len() <= bytes.len() {
        let offset = bytes[at..].iter().position(|&b| b == first)?;
        let candidate = at + offset;
        if bytes[candidate..].starts_with(needle) {
            return Some(candidate);
        }
        at = candidate + 1;
    }
    None
}

impl Scan<'_> {
    fn run(&mut self) {
        let bytes = self.bytes;
        let mut at = 0;
        while at < bytes.len() {
            let next = bytes[at..].iter().position(|&b| b == b'<').map_or(bytes.len(), |p| at + p);
            if bytes[at..next].iter().any(|&b| !is_space(b)) {
                self.reconstruct();
            }
            at = next;
            if at >= bytes.len() {
                break;
            }
            let resume = match bytes.get(at + 1) {
                Some(c) if c.is_ascii_alphabetic() => match self.tag(at + 1) {
                    Some((end, tag)) => self.start_tag(at..end, tag),
                    None => None,
                },
                Some(b'/') => match bytes.get(at + 2) {
                    Some(c) if c.is_ascii_alphabetic() => match self.tag(at + 2) {
                        Some((end, tag)) => {
                            self.end_tag(at..end, &tag);
                            Some(end)
                        }
                        None => None,
                    },
                    Some(b'>') => Some(at + 3),
                    Some(_) => self.until(at + 2, b">"),
                    None => None,
                },
                Some(b'!') if bytes[at..].starts_with(b"<!--") => self.comment_end(at + 4),
                Some(b'!') if bytes[at..].starts_with(b"<![CDATA[") && self.in_foreign() => self.until(at + 9, b"]]>"),
                Some(b'!' | b'?') => self.until(at + 2, b">"),
                _ => Some(at + 1),
            };
            match resume {
                Some(next) => at = next,
                None => break, // the rest is inside a tag, comment or raw text
            }
        }
    }

    /// Just past the next `needle` at or after `from`.
    fn until(&self, from: usize, needle: &[u8]) -> Option<usize> {
        find(self.bytes, from, needle).map(|at| at + needle.len())
    }

    /// Just past the end of a comment whose text starts at `from`.
    fn comment_end(&self, from: usize) -> Option<usize> {
        let bytes = self.bytes;
        if bytes.get(from) == Some(&b'>') {
            return Some(from + 1);
        }
        if bytes[from..].starts_with(b"->") {
            return Some(from + 2);
        }
        let mut at = from;
        loop {
            let dashes = find(bytes, at, b"--")?;
            if bytes.get(dashes + 2) == Some(&b'>') {
                return Some(dashes + 3);
            }
            if bytes[dashes + 2..].starts_with(b"!>") {
                return Some(dashes + 4);
            }
            at = dashes + 1;
        }
    }

    /// Reads a tag whose name starts at `from`: where it ends (just past its `>`) and what it
    /// is. `None` when the document ends inside it (the parser then drops it).
    fn tag(&self, from: usize) -> Option<(usize, Tag)> {
        let bytes = self.bytes;
        let mut at = from;
        while at < bytes.len() && !is_space(bytes[at]) && bytes[at] != b'/' && bytes[at] != b'>' {
            at += 1;
        }
        let name = &bytes[from..at];
        let lower: Vec<u8> = if name.len() <= 16 { name.to_ascii_lowercase() } else { Vec::new() };
        let flags = if lower.is_empty() { 0 } else { classify(&lower) };
        let raw_name = if flags & RAW != 0 { lower } else { Vec::new() };
        let mut tag = Tag { name: hash(name), flags, self_closing: false, raw_name };
        loop {
            while at < bytes.len() && is_space(bytes[at]) {
                at += 1;
            }
            match *bytes.get(at)? {
                b'>' => return Some((at + 1, tag)),
                b'/' => {
                    if bytes.get(at + 1) == Some(&b'>') {
                        tag.self_closing = true;
                        return Some((at + 2, tag));
                    }
                    at += 1;
                    continue;
                }
                _ => {}
            }
            // An attribute name (a leading `=` belongs to it).
            at += 1;
            while at < bytes.len() && !is_space(bytes[at]) && !matches!(bytes[at], b'/' | b'>' | b'=') {
                at += 1;
            }
            while at < bytes.len() && is_space(bytes[at]) {
                at += 1;
            }
            if bytes.get(at) != Some(&b'=') {
                continue;
            }
            at += 1;
            while at < bytes.len() && is_space(bytes[at]) {
                at += 1;
            }
            match *bytes.get(at)? {
                quote @ (b'"' | b'\'') => {
                    at += 1 + bytes[at + 1..].iter().position(|&b| b == quote)? + 1;
                }
                b'>' => {}
                _ => {
                    while at < bytes.len() && !is_space(bytes[at]) && bytes[at] != b'>' {
                        at += 1;
                    }
                }
            }
        }
    }

    fn depth(&self) -> usize {
        // `html` and `body` are always open below what the stack holds.
        self.stack.len() + 2
    }

    fn in_foreign(&self) -> bool {
        self.stack.last().is_some_and(|o| o.foreign)
    }

    fn neutralise(&mut self, range: std::ops::Range<usize>, name: u64) {
        self.edits.push(Edit::Blank(range));
        self.phantoms.push((name, self.stack.len()));
        *self.phantom_count.entry(name).or_default() += 1;
    }

    /// Handles a start tag; returns where scanning goes on.
    fn start_tag(&mut self, range: std::ops::Range<usize>, tag: Tag) -> Option<usize> {
        let end = range.end;
        let flags = tag.flags;
        if self.in_foreign() {
            if flags & BREAKOUT == 0 {
                if !tag.self_closing {
                    let foreign = flags & INTEGRATION == 0;
                    self.push_checked(range, Open { name: tag.name, flags: flags & !RAW, foreign, active: None });
                }
                return Some(end);
            }
            while self.in_foreign() {
                self.pop();
            }
        }
        if flags & MERGED != 0 {
            return Some(end);
        }
        if flags & FOREIGN_ROOT != 0 {
            if !tag.self_closing {
                self.reconstruct();
                self.push_checked(range, Open { name: tag.name, flags, foreign: true, active: None });
            }
            return Some(end);
        }
        if flags & VOID != 0 {
            self.reconstruct();
            return Some(end);
        }
        if flags & RAW != 0 {
            // Opened and closed around its text, which holds no tags.
            return self.raw_text_end(end, &tag.raw_name);
        }
        if flags & PLAINTEXT != 0 {
            return None;
        }
        if self.depth() >= self.limit {
            self.neutralise(range, tag.name);
            return Some(end);
        }
        if flags & TABLE_PART != 0 || tag.name == self.names.table {
            if self.table_part(range.clone(), &tag) {
                return Some(end);
            }
            if flags & TABLE_PART != 0 {
                return Some(end); // outside a table, the parser ignores it
            }
        }
        let names = &self.names;
        if flags & FORMATTING != 0 {
            if tag.name == names.a || tag.name == names.nobr {
                let name = tag.name;
                if let Some(id) = self.active_named(name) {
                    self.close_formatting(id);
                }
            }
            self.reconstruct();
            if self.active_after_marker() >= MAX_FORMATTING {
                self.neutralise(range, tag.name);
                return Some(end);
            }
            let id = self.next_id;
            self.next_id += 1;
            self.active.push(Active::Element { id, name: tag.name, flags, on_stack: true, tag: (range.start, end) });
            self.stack.push(Open { name: tag.name, flags, foreign: false, active: Some(id) });
            return Some(end);
        }
        if flags & CLOSES_P != 0 || (tag.name == names.table && self.standards) {
            self.close_p();
        }
        let names = &self.names;
        if tag.name == names.li || tag.name == names.dd || tag.name == names.dt {
            let (li, dd, dt, address, div, p) = (names.li, names.dd, names.dt, names.address, names.div, names.p);
            let same = |n: u64| if tag.name == li { n == li } else { n == dd || n == dt };
            for index in (0..self.stack.len()).rev() {
                let open = self.stack[index];
                if same(open.name) {
                    self.pop_to(index);
                    break;
                }
                if open.flags & SPECIAL != 0 && open.name != address && open.name != div && open.name != p {
                    break;
                }
            }
        } else if flags & HEADING != 0 {
            if self.stack.last().is_some_and(|o| o.flags & HEADING != 0) {
                self.pop();
            }
        } else if flags & BUTTON != 0 {
            if let Some(index) = self.in_scope(|n, _| n == tag.name, 0) {
                self.pop_to(index);
            }
        } else if tag.name == names.option || tag.name == names.optgroup {
            let option = names.option;
            if self.stack.last().is_some_and(|o| o.name == option) {
                self.pop();
            }
        }
        if flags & SPECIAL == 0 {
            self.reconstruct();
        }
        let active = if flags & MARKER != 0 {
            self.active.push(Active::Marker);
            None
        } else {
            None
        };
        self.stack.push(Open { name: tag.name, flags, foreign: false, active });
        Some(end)
    }

    /// Pushes `open` unless it would go past the limit, in which case its tag is neutralised.
    fn push_checked(&mut self, range: std::ops::Range<usize>, open: Open) {
        if self.depth() >= self.limit {
            self.neutralise(range, open.name);
        } else {
            self.stack.push(open);
        }
    }

    /// Just past the end tag that closes a raw-text element named `name`, whose text starts at
    /// `from`; `None` when it runs to the end of the document.
    fn raw_text_end(&self, from: usize, name: &[u8]) -> Option<usize> {
        let bytes = self.bytes;
        let mut at = from;
        loop {
            let open = find(bytes, at, b"</")?;
            let after = open + 2 + name.len();
            if after <= bytes.len()
                && bytes[open + 2..after].eq_ignore_ascii_case(name)
                && bytes.get(after).is_none_or(|&b| is_space(b) || b == b'/' || b == b'>')
            {
                return Some(open); // the end tag itself is read as an end tag
            }
            at = open + 2;
        }
    }

    /// A table part (or a table) where a table is open: the cells, rows and sections it closes
    /// first, and the ones the parser puts in between. Returns false when no table is open
    /// (in scope) or, for `table`, when the table is opened inside a cell like any element.
    fn table_part(&mut self, range: std::ops::Range<usize>, tag: &Tag) -> bool {
        let names = &self.names;
        let (table, template) = (names.table, names.template);
        let Some(table_at) = (0..self.stack.len()).rev().find_map(|i| {
            let n = self.stack[i].name;
            if n == table {
                Some(Some(i))
            } else if n == template {
                Some(None)
            } else {
                None
            }
        }) else {
            return false;
        };
        let Some(table_at) = table_at else { return false };
        let (tbody, thead, tfoot, tr, td, th, caption) =
            (names.tbody, names.thead, names.tfoot, names.tr, names.td, names.th, names.caption);
        if tag.name == table {
            // A table inside a cell or caption nests; one among rows closes the open table.
            let in_cell = self.stack[table_at..].iter().any(|o| o.name == td || o.name == th || o.name == caption);
            if in_cell {
                return false;
            }
            self.pop_to(table_at);
            self.stack.push(Open { name: table, flags: tag.flags, foreign: false, active: None });
            return true;
        }
        let section = |n: u64| n == tbody || n == thead || n == tfoot;
        // The element the new one goes into, and the elements the parser adds between them.
        let (parent, implied): (usize, &[u64]) = if tag.name == tr {
            let parent = (table_at..self.stack.len()).rev().find(|&i| section(self.stack[i].name)).unwrap_or(table_at);
            (parent, if parent == table_at { &[0] } else { &[] })
        } else if tag.name == td || tag.name == th {
            let parent = (table_at..self.stack.len())
                .rev()
                .find(|&i| {
                    let n = self.stack[i].name;
                    n == tr || section(n)
                })
                .unwrap_or(table_at);
            let name = self.stack[parent].name;
            (
                parent,
                if parent == table_at {
                    &[0, 1]
                } else if name == tr {
                    &[]
                } else {
                    &[1]
                },
            )
        } else {
            (table_at, &[])
        };
        let pushes = implied.len() + usize::from(tag.flags & VOID == 0);
        if parent + 1 + pushes + 2 > self.limit {
            self.neutralise(range, tag.name);
            return true;
        }
        self.pop_to(parent + 1);
        for &which in implied {
            let name = if which == 0 { tbody } else { tr };
            self.stack.push(Open { name, flags: SPECIAL | TABLE_PART, foreign: false, active: None });
        }
        if tag.flags & VOID == 0 {
            if tag.flags & MARKER != 0 {
                self.active.push(Active::Marker);
            }
            self.stack.push(Open { name: tag.name, flags: tag.flags, foreign: false, active: None });
        }
        true
    }

    fn end_tag(&mut self, range: std::ops::Range<usize>, tag: &Tag) {
        if let Some(count) = self.phantom_count.get_mut(&tag.name).filter(|c| **c > 0) {
            *count -= 1;
            while let Some((name, _)) = self.phantoms.pop() {
                if name == tag.name {
                    break;
                }
                if let Some(other) = self.phantom_count.get_mut(&name) {
                    *other = other.saturating_sub(1);
                }
            }
            self.edits.push(Edit::Blank(range));
            return;
        }
        // Inside SVG or MathML: the nearest foreign element of that name, else HTML rules.
        let mut index = self.stack.len();
        while index > 0 && self.stack[index - 1].foreign {
            index -= 1;
            if self.stack[index].name == tag.name {
                self.pop_to(index);
                return;
            }
        }
        let flags = tag.flags;
        if flags & (MERGED | VOID) != 0 {
            return;
        }
        if flags & FORMATTING != 0 {
            if let Some(id) = self.active_named(tag.name) {
                self.close_formatting(id);
                return;
            }
        }
        if flags & TABLE_PART != 0 || tag.name == self.names.table {
            // Table scope: only `html`, `table` and `template` bound it.
            let (table, template) = (self.names.table, self.names.template);
            let found = (0..self.stack.len()).rev().find_map(|i| {
                let n = self.stack[i].name;
                if n == tag.name {
                    Some(Some(i))
                } else if n == table || n == template {
                    Some(None)
                } else {
                    None
                }
            });
            if let Some(Some(index)) = found {
                self.pop_to(index);
            }
            return;
        }
        if flags & SPECIAL != 0 {
            let extra = if tag.name == self.names.p {
                BUTTON
            } else if tag.name == self.names.li {
                LIST
            } else {
                0
            };
            let heading = flags & HEADING != 0;
            if let Some(index) = self.in_scope(|n, f| n == tag.name || (heading && f & HEADING != 0), extra) {
                self.pop_to(index);
            }
            return;
        }
        // Any other end tag: the nearest element of that name, unless a special one is nearer.
        for index in (0..self.stack.len()).rev() {
            let open = self.stack[index];
            if open.name == tag.name {
                self.pop_to(index);
                return;
            }
            if open.flags & SPECIAL != 0 {
                return;
            }
        }
    }

    /// The index of the nearest open element that `matches`, unless a scope boundary (or one of
    /// `extra`) comes first.
    fn in_scope(&self, matches: impl Fn(u64, u32) -> bool, extra: u32) -> Option<usize> {
        for index in (0..self.stack.len()).rev() {
            let open = self.stack[index];
            if matches(open.name, open.flags) {
                return Some(index);
            }
            if open.flags & (SCOPE | extra) != 0 || open.foreign {
                return None;
            }
        }
        None
    }

    fn close_p(&mut self) {
        let p = self.names.p;
        if let Some(index) = self.in_scope(|n, _| n == p, BUTTON) {
            self.pop_to(index);
        }
    }

    /// Pops elements until the stack holds `len`.
    fn pop_to(&mut self, len: usize) {
        while self.stack.len() > len {
            self.pop();
        }
    }

    fn pop(&mut self) {
        let Some(open) = self.stack.pop() else { return };
        if open.flags & MARKER != 0 && !open.foreign {
            // Everything after the last marker goes with it.
            while let Some(entry) = self.active.pop() {
                if matches!(entry, Active::Marker) {
                    break;
                }
            }
        }
        if let Some(id) = open.active {
            if let Some(Active::Element { on_stack, .. }) =
                self.active.iter_mut().rev().find(|e| matches!(e, Active::Element { id: i, .. } if *i == id))
            {
                *on_stack = false;
                self.detached = true;
            }
        }
        while self.phantoms.last().is_some_and(|&(_, level)| level > self.stack.len()) {
            if let Some((name, _)) = self.phantoms.pop() {
                if let Some(count) = self.phantom_count.get_mut(&name) {
                    *count = count.saturating_sub(1);
                }
            }
        }
    }

    fn last_marker(&self) -> usize {
        self.active.iter().rposition(|e| matches!(e, Active::Marker)).map_or(0, |i| i + 1)
    }

    fn active_after_marker(&self) -> usize {
        self.active.len() - self.last_marker()
    }

    /// The id of the latest active formatting element of that name after the last marker.
    fn active_named(&self, name: u64) -> Option<u32> {
        self.active[self.last_marker()..].iter().rev().find_map(|e| match *e {
            Active::Element { id, name: n, .. } if n == name => Some(id),
            _ => None,
        })
    }

    /// The end of a formatting element (its end tag, or a second `a` or `nobr`): taken off the
    /// active list, and off the stack with what is above it unless a block element stands
    /// above it (the parser then moves that block out instead of closing it).
    fn close_formatting(&mut self, id: u32) {
        if let Some(position) = self.active.iter().rposition(|e| matches!(e, Active::Element { id: i, .. } if *i == id))
        {
            self.active.remove(position);
        }
        let Some(index) = self.stack.iter().rposition(|o| o.active == Some(id)) else { return };
        let above = &self.stack[index + 1..];
        if above.iter().any(|o| o.flags & SCOPE != 0) {
            return; // not in scope: the parser ignores the end tag
        }
        if above.iter().any(|o| o.flags & SPECIAL != 0) {
            self.stack.remove(index);
        } else {
            self.pop_to(index);
        }
    }

    /// Re-opens the formatting elements that were closed by something else (the parser does so
    /// before text and inline elements).
    fn reconstruct(&mut self) {
        if !self.detached || self.in_foreign() {
            return;
        }
        self.detached = false;
        let start = self.last_marker();
        let detached =
            self.active[start..].iter().filter(|e| matches!(e, Active::Element { on_stack: false, .. })).count();
        if detached > self.clone_budget {
            // Re-created too often already: the parser is not shown these elements at all.
            let edits = &mut self.edits;
            let mut index = start;
            self.active.retain(|entry| {
                index += 1;
                match *entry {
                    Active::Element { on_stack: false, tag, .. } if index > start => {
                        edits.push(Edit::Blank(tag.0..tag.1));
                        false
                    }
                    _ => true,
                }
            });
            return;
        }
        self.clone_budget -= detached;
        for index in start..self.active.len() {
            if let Active::Element { id, name, flags, on_stack: false, tag } = self.active[index] {
                self.active[index] = Active::Element { id, name, flags, on_stack: true, tag };
                self.stack.push(Open { name, flags, foreign: false, active: Some(id) });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nesting(html: &str) -> usize {
        let document = scraper::Html::parse_document(html);
        let mut deepest = 0;
        let mut depth = 0usize;
        for edge in document.root_element().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(node) if node.value().is_element() => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                ego_tree::iter::Edge::Close(node) if node.value().is_element() => depth -= 1,
                _ => {}
            }
        }
        deepest
    }

    #[test]
    fn documents_within_the_limit_are_untouched() {
        for html in [
            "<!DOCTYPE html><html><head><title>x</title><script>if (a < b) { document.write('<div>') }</script></head><body><div><p>one<p>two<ul><li>a<li>b</ul><table><tr><td>x<td>y<tr><td>z</table></div></body></html>",
            "<p><b>bold<p>still bold</b> <i>x</i><!-- <div> --><svg><path d='M0'/><g><rect/></g></svg>",
            "<dl><dt>a<dd>b<dt>c<dd>d</dl><select><option>a<option>b</select><textarea><div></textarea>",
        ] {
            let bounded = bound(html, 12);
            assert!(!bounded.exceeded(), "{html}");
        }
    }

    #[test]
    fn nested_elements_stop_at_the_limit() {
        for (unit, close) in [
            ("<div>", "</div>"),
            ("<table><tr><td>", ""),
            ("<ul><li>", ""),
            ("<blockquote>", ""),
            ("<dl><dd>", ""),
            ("<em><div>", ""),
            ("<span>", ""),
            ("<svg><g>", ""),
        ] {
            let html = format!("<body>{}deep text{}", unit.repeat(2_000), close.repeat(2_000));
            let bounded = bound(&html, 64);
            assert!(bounded.exceeded(), "{unit}");
            assert_eq!(bounded.text.len(), html.len());
            let depth = nesting(&bounded.text);
            assert!((40..=64 + MAX_FORMATTING).contains(&depth), "{unit}: depth {depth}");
            assert!(bounded.text.contains("deep text"));
        }
    }

    #[test]
    fn unclosed_formatting_elements_are_bounded() {
        let html: String = (0..500).map(|i| format!("<b id={i}><p>x")).collect();
        let bounded = bound(&html, 128);
        assert!(bounded.exceeded());
        let document = scraper::Html::parse_document(&bounded.text);
        // Without the bound the parser re-creates every open <b> in every paragraph: 125,000.
        assert!(document.tree.nodes().count() < 500 * (MAX_FORMATTING + 4), "{}", document.tree.nodes().count());
    }

    #[test]
    fn end_tags_of_neutralised_elements_are_neutralised() {
        let html = format!("<body><section>{}x{}</section><p>after", "<div>".repeat(10), "</div>".repeat(10));
        let bounded = bound(&html, 6);
        let tags = bounded.text.matches("<div>").count();
        assert_eq!(tags, bounded.text.matches("</div>").count());
        assert!(bounded.text.contains("</section><p>after"));
    }

    #[test]
    fn tags_inside_attributes_comments_and_raw_text_are_not_tags() {
        let html = format!(
            "<body><a title='{}'>x</a><!-- {} --><style>{}</style><script>{}</script>",
            "<div>".repeat(100),
            "<div>".repeat(100),
            "<div>".repeat(100),
            "<div>".repeat(100)
        );
        assert!(!bound(&html, 8).exceeded());
    }
}
