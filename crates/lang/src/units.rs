//! Unit names users write after number literals, as factors to SI base units and dimensions
//! (`eibal_model::Dimension`). A unit is a base symbol with an optional SI prefix:
//! `mV`, `ms`, `kHz`, `pA`, `nS`, `pF`, `mM`, `MOhm`; plus `K` and the affine `degC`.

use eibal_model::Dimension;

/// A unit: multiply the literal by `factor` and add `offset` to get SI base units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    pub factor: f64,
    pub offset: f64,
    pub dim: Dimension,
}

impl Unit {
    /// Whether the unit has an offset (degC): such values may not enter arithmetic.
    pub fn is_affine(&self) -> bool {
        self.offset != 0.0
    }
}

/// Celsius to kelvin offset (exact by definition of the kelvin scale).
pub const ZERO_CELSIUS_IN_KELVIN: f64 = 273.15;

/// Base symbols that take SI prefixes, with their dimension and SI factor.
/// `M` is molar (mol/L = 1000 mol/m^3), so `mM` = 1 mol/m^3.
const BASES: &[(&str, Dimension, f64)] = &[
    ("V", Dimension::VOLTAGE, 1.0),
    ("s", Dimension::TIME, 1.0),
    ("Hz", Dimension::RATE, 1.0),
    ("A", Dimension::CURRENT, 1.0),
    ("S", Dimension::CONDUCTANCE, 1.0),
    ("F", Dimension::CAPACITANCE, 1.0),
    ("M", Dimension::CONCENTRATION, 1e3),
    ("Ohm", Dimension([2, 1, -3, -2, 0, 0]), 1.0),
];

const PREFIXES: &[(&str, f64)] = &[
    ("G", 1e9),
    ("M", 1e6),
    ("k", 1e3),
    ("m", 1e-3),
    ("u", 1e-6),
    ("n", 1e-9),
    ("p", 1e-12),
    ("f", 1e-15),
];

/// Units listed in suggestions ("did you mean `ms`?").
pub const COMMON: &[&str] = &[
    "V", "mV", "uV", "s", "ms", "us", "Hz", "kHz", "A", "nA", "pA", "S", "mS", "uS", "nS", "pS",
    "F", "nF", "pF", "M", "mM", "uM", "Ohm", "MOhm", "GOhm", "K", "degC",
];

/// The unit called `name`, if any.
pub fn lookup(name: &str) -> Option<Unit> {
    match name {
        "K" => {
            return Some(Unit {
                factor: 1.0,
                offset: 0.0,
                dim: Dimension::TEMPERATURE,
            });
        }
        "degC" => {
            return Some(Unit {
                factor: 1.0,
                offset: ZERO_CELSIUS_IN_KELVIN,
                dim: Dimension::TEMPERATURE,
            });
        }
        _ => {}
    }
    let plain = |base: &str| BASES.iter().find(|(b, _, _)| *b == base);
    if let Some((_, dim, f)) = plain(name) {
        return Some(Unit {
            factor: *f,
            offset: 0.0,
            dim: *dim,
        });
    }
    PREFIXES.iter().find_map(|(p, pf)| {
        let base = name.strip_prefix(p)?;
        let (_, dim, f) = plain(base)?;
        Some(Unit {
            factor: pf * f,
            offset: 0.0,
            dim: *dim,
        })
    })
}

/// A unit to write values of this dimension in, for examples in messages.
pub fn example_unit(dim: Dimension) -> &'static str {
    match dim {
        d if d == Dimension::VOLTAGE => "mV",
        d if d == Dimension::TIME => "ms",
        d if d == Dimension::RATE => "Hz",
        d if d == Dimension::CURRENT => "pA",
        d if d == Dimension::CONDUCTANCE => "nS",
        d if d == Dimension::CAPACITANCE => "pF",
        d if d == Dimension::CONCENTRATION => "mM",
        d if d == Dimension::TEMPERATURE => "K",
        _ => "",
    }
}

/// "a voltage (e.g. `1 mV`)" / "a plain number": the dimension in words for messages.
pub fn describe(dim: Dimension) -> String {
    if dim.is_dimensionless() {
        return "a plain number (no unit)".to_string();
    }
    let unit = example_unit(dim);
    let article = match dim.name() {
        Some(n) if n.starts_with(['a', 'e', 'i', 'o', 'u']) => "an",
        _ => "a",
    };
    if unit.is_empty() {
        format!("{article} quantity of dimension {dim}")
    } else {
        format!("{article} {dim} (e.g. `1 {unit}`)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixed_units_have_the_right_si_factor() {
        let mv = lookup("mV").expect("mV");
        assert_eq!(mv.dim, Dimension::VOLTAGE);
        assert!((mv.factor - 1e-3).abs() < 1e-18);
        assert!((lookup("pF").expect("pF").factor - 1e-12).abs() < 1e-27);
        // 1 mM = 1 mmol/L = 1 mol/m^3.
        assert!((lookup("mM").expect("mM").factor - 1.0).abs() < 1e-12);
        // 100 MOhm * 100 pF = 10 ms: resistance times capacitance is a time.
        let r = lookup("MOhm").expect("MOhm");
        let c = lookup("pF").expect("pF");
        assert_eq!(r.dim * c.dim, Dimension::TIME);
        assert!((100.0 * r.factor * 100.0 * c.factor - 0.01).abs() < 1e-15);
        assert_eq!(lookup("degC").expect("degC").offset, 273.15);
        assert!(lookup("mmV").is_none());
        assert!(lookup("tau").is_none());
    }
}
