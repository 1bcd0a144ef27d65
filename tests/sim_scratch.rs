use eibal::sim::{self, RunOptions, builders::brunel2000};
#[test]
fn show() {
    let m = brunel2000(5.0, 2.0, 1.0);
    let r = sim::run(&m, &RunOptions::default()).unwrap();
    let s = eibal::analysis::summarize(&r, &m);
    println!("{}", eibal::report::simulation::table(&s));
    println!("{}", eibal::report::simulation::json(&s).unwrap());
}
