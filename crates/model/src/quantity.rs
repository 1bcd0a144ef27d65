//! Physical quantities: a value in SI base units and its dimension.
//!
//! The dimension is a vector of integer exponents over the SI base dimensions that the
//! language needs: length, mass, time, electric current, temperature and amount of
//! substance. Derived units follow from them, e.g. voltage = kg m^2 s^-3 A^-1, so that
//! `current * time / capacitance` is checked to be a voltage without special cases.

use serde::Serialize;
use std::fmt;

/// Exponents of the SI base dimensions `[m, kg, s, A, K, mol]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Dimension(pub [i8; 6]);

impl Dimension {
    pub const NONE: Dimension = Dimension([0, 0, 0, 0, 0, 0]);
    pub const LENGTH: Dimension = Dimension([1, 0, 0, 0, 0, 0]);
    pub const MASS: Dimension = Dimension([0, 1, 0, 0, 0, 0]);
    pub const TIME: Dimension = Dimension([0, 0, 1, 0, 0, 0]);
    pub const CURRENT: Dimension = Dimension([0, 0, 0, 1, 0, 0]);
    pub const TEMPERATURE: Dimension = Dimension([0, 0, 0, 0, 1, 0]);
    pub const AMOUNT: Dimension = Dimension([0, 0, 0, 0, 0, 1]);
    /// Hz = s^-1.
    pub const RATE: Dimension = Dimension([0, 0, -1, 0, 0, 0]);
    /// V = kg m^2 s^-3 A^-1.
    pub const VOLTAGE: Dimension = Dimension([2, 1, -3, -1, 0, 0]);
    /// S = A / V.
    pub const CONDUCTANCE: Dimension = Dimension([-2, -1, 3, 2, 0, 0]);
    /// F = A s / V.
    pub const CAPACITANCE: Dimension = Dimension([-2, -1, 4, 2, 0, 0]);
    /// mol / m^3 (1 mM = 1 mol/m^3).
    pub const CONCENTRATION: Dimension = Dimension([-3, 0, 0, 0, 0, 1]);

    pub fn powi(self, n: i8) -> Dimension {
        Dimension(self.0.map(|e| e.saturating_mul(n)))
    }

    /// The square root, if every exponent is even.
    pub fn sqrt(self) -> Option<Dimension> {
        if self.0.iter().all(|e| e % 2 == 0) {
            Some(Dimension(self.0.map(|e| e / 2)))
        } else {
            None
        }
    }

    pub fn is_dimensionless(self) -> bool {
        self == Dimension::NONE
    }

    /// A plain-words name ("voltage", "time", ...) where one exists.
    pub fn name(self) -> Option<&'static str> {
        NAMED
            .iter()
            .find(|(d, _, _)| *d == self)
            .map(|(_, n, _)| *n)
    }

    /// The unit eibal prints quantities of this dimension in, with its factor from SI.
    /// E.g. voltage is shown in mV (factor 1e3). `None` for dimensions without a preferred unit.
    pub fn display_unit(self) -> Option<(&'static str, f64)> {
        NAMED
            .iter()
            .find(|(d, _, _)| *d == self)
            .and_then(|(_, _, u)| *u)
    }
}

/// Dimensions with a plain-words name and a preferred display unit.
/// A preferred display unit: its symbol and the factor from SI (mV: 1e3).
type DisplayUnit = Option<(&'static str, f64)>;

const NAMED: &[(Dimension, &str, DisplayUnit)] = &[
    (Dimension::NONE, "dimensionless", Some(("", 1.0))),
    (Dimension::TIME, "time", Some(("ms", 1e3))),
    (Dimension::RATE, "rate", Some(("Hz", 1.0))),
    (Dimension::VOLTAGE, "voltage", Some(("mV", 1e3))),
    (Dimension::CURRENT, "current", Some(("pA", 1e12))),
    (Dimension::CONDUCTANCE, "conductance", Some(("nS", 1e9))),
    (Dimension::CAPACITANCE, "capacitance", Some(("pF", 1e12))),
    (Dimension::CONCENTRATION, "concentration", Some(("mM", 1.0))),
    (Dimension::TEMPERATURE, "temperature", Some(("K", 1.0))),
    (Dimension::LENGTH, "length", None),
    (Dimension::MASS, "mass", None),
    (Dimension::AMOUNT, "amount of substance", None),
];

impl std::ops::Mul for Dimension {
    type Output = Dimension;
    /// Multiplying quantities adds the exponents of their dimensions.
    fn mul(self, other: Dimension) -> Dimension {
        Dimension(std::array::from_fn(|i| {
            self.0[i].saturating_add(other.0[i])
        }))
    }
}

impl std::ops::Div for Dimension {
    type Output = Dimension;
    fn div(self, other: Dimension) -> Dimension {
        self * other.powi(-1)
    }
}

impl fmt::Display for Dimension {
    /// Plain name where one exists, otherwise the SI base form, e.g. `m^2 kg s^-3 A^-1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(n) = self.name() {
            return f.write_str(n);
        }
        let symbols = ["m", "kg", "s", "A", "K", "mol"];
        let mut first = true;
        for (s, e) in symbols.iter().zip(self.0) {
            if e == 0 {
                continue;
            }
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            if e == 1 {
                write!(f, "{s}")?;
            } else {
                write!(f, "{s}^{e}")?;
            }
        }
        Ok(())
    }
}

/// A value in SI base units with its dimension.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quantity {
    pub si: f64,
    pub dim: Dimension,
}

impl Quantity {
    pub fn new(si: f64, dim: Dimension) -> Quantity {
        Quantity { si, dim }
    }

    pub fn dimensionless(v: f64) -> Quantity {
        Quantity::new(v, Dimension::NONE)
    }
}

impl fmt::Display for Quantity {
    /// In the preferred display unit of its dimension, e.g. `0.1 mV`, `1.5 ms`, `10 Hz`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.dim.display_unit() {
            Some(("", _)) => write!(f, "{}", fmt_number(self.si)),
            Some((unit, factor)) => write!(f, "{} {unit}", fmt_number(self.si * factor)),
            None => write!(f, "{} {}", fmt_number(self.si), self.dim),
        }
    }
}

/// Shortest round-trip decimal form, without float noise such as `0.30000000000000004`
/// (rounded to 12 significant digits).
pub fn fmt_number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let rounded: f64 = format!("{x:.11e}").parse().unwrap_or(x);
    // Plain notation spells 1e300 with 301 digits: past these bounds, scientific notation.
    if rounded.abs() >= 1e15 || rounded.abs() < 1e-6 {
        format!("{rounded:e}")
    } else {
        format!("{rounded}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_numbers_are_printed_in_scientific_notation() {
        assert_eq!(fmt_number(1e300), "1e300");
        assert_eq!(fmt_number(-2.5e-300), "-2.5e-300");
        assert_eq!(fmt_number(123456.75), "123456.75");
        assert_eq!(fmt_number(0.1 + 0.2), "0.3");
        for x in [1e300, 3.3e-7, 1e15, 999.0] {
            assert_eq!(fmt_number(x).parse::<f64>().unwrap(), x);
        }
    }

    #[test]
    fn derived_dimensions_are_consistent() {
        // I * t / C is a voltage; V / A is a resistance = 1 / conductance.
        let v = Dimension::CURRENT * Dimension::TIME / Dimension::CAPACITANCE;
        assert_eq!(v, Dimension::VOLTAGE);
        assert_eq!(
            Dimension::CURRENT / Dimension::VOLTAGE,
            Dimension::CONDUCTANCE
        );
        // C / g is a time constant.
        assert_eq!(
            Dimension::CAPACITANCE / Dimension::CONDUCTANCE,
            Dimension::TIME
        );
        assert_eq!(Dimension::VOLTAGE.powi(2).sqrt(), Some(Dimension::VOLTAGE));
        assert_eq!(Dimension::VOLTAGE.sqrt(), None);
    }

    #[test]
    fn quantities_print_in_preferred_units() {
        assert_eq!(
            Quantity::new(1e-4, Dimension::VOLTAGE).to_string(),
            "0.1 mV"
        );
        assert_eq!(Quantity::new(1.5e-3, Dimension::TIME).to_string(), "1.5 ms");
        assert_eq!(Quantity::new(0.1 + 0.2, Dimension::NONE).to_string(), "0.3");
    }
}
