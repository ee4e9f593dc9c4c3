use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("a policy file");
    let text = std::fs::read_to_string(&path).unwrap();
    let t = Instant::now();
    for i in 0..50 {
        let mut t2 = text.clone();
        t2.insert(100 + i, 'x');
        let source = cookielint::source::Source::from_text("p.md", t2);
        let policy = cookielint::extract(&source, &Default::default());
        let f = cookielint::lint::lint_document(&source, &policy);
        std::hint::black_box(f);
    }
    println!("{:?} per run", t.elapsed() / 50);
}
