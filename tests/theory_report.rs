//! The theory report on reference models: table and JSON.

mod theory_common;

use eibal::report::theory::table;

fn json(r: &eibal::theory::TheoryResult) -> serde_json::Value {
    serde_json::to_value(eibal::study::TheoryReport::of(r.clone())).unwrap()
}
use eibal::theory::{self, TheoryOptions};
use theory_common::*;

#[test]
fn brunel_report_shows_rates_balance_and_approach() {
    let r = theory::solve(&brunel(5.0, 2.0), &TheoryOptions::default()).unwrap();
    let t = table(&r);
    println!("{t}");
    assert!(t.contains("37.9497"), "{t}");
    assert!(t.contains("reached from rest"));
    assert!(t.contains("80.0000 Hz"));
    assert!(t.contains("approach"));
    let v = json(&r);
    println!("{}", serde_json::to_string_pretty(&v).unwrap());
    let p = &v["populations"][0];
    assert!((p["rate_hz"].as_f64().unwrap() - 37.9497).abs() < 1e-4);
    for key in [
        "cv",
        "mu_mv",
        "sigma_mv",
        "input_e_mv",
        "input_i_mv",
        "dnu_dmu_hz_per_mv",
        "dnu_dsigma_hz_per_mv",
        "balance_index",
    ] {
        assert!(p[key].is_number(), "{key} missing or null");
    }
    assert!(p["tau_eff_ms"].is_null());
    assert_eq!(v["warnings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn microcircuit_report_lists_eight_populations() {
    let r = theory::solve(&microcircuit(), &TheoryOptions::default()).unwrap();
    println!("{}", table(&r));
    let v = json(&r);
    assert_eq!(v["populations"].as_array().map(Vec::len), Some(8));
}
