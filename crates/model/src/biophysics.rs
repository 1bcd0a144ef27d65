//! Reversal potentials from ion concentrations.

/// Faraday constant (C/mol), CODATA 2018 exact.
pub const FARADAY: f64 = 96_485.332_12;
/// Molar gas constant (J/(mol K)), CODATA 2018 exact.
pub const GAS_CONSTANT: f64 = 8.314_462_618;

/// Ions the language knows, with their valence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ion {
    Na,
    K,
    Cl,
    Ca,
}

impl Ion {
    pub fn valence(self) -> i32 {
        match self {
            Ion::Na | Ion::K => 1,
            Ion::Cl => -1,
            Ion::Ca => 2,
        }
    }

    pub fn from_name(name: &str) -> Option<Ion> {
        match name {
            "Na" => Some(Ion::Na),
            "K" => Some(Ion::K),
            "Cl" => Some(Ion::Cl),
            "Ca" => Some(Ion::Ca),
            _ => None,
        }
    }
}

/// Nernst equilibrium potential E = (R T / (z F)) ln(c_out / c_in), in volts.
///
/// Concentrations in any common unit (only their ratio enters), temperature in kelvin.
/// Chloride at 37 degC with 130 mM outside and 7 mM inside gives about -78 mV.
pub fn nernst(ion: Ion, inside: f64, outside: f64, temperature: f64) -> f64 {
    GAS_CONSTANT * temperature / (ion.valence() as f64 * FARADAY) * (outside / inside).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chloride_reversal_matches_textbook_values() {
        // ../shared/reference/README.md: E_Cl about -78 mV (7 mM in) and -44 mV (25 mM in).
        let t = 310.15;
        assert!((nernst(Ion::Cl, 7.0, 130.0, t) * 1e3 + 78.0).abs() < 0.5);
        assert!((nernst(Ion::Cl, 25.0, 130.0, t) * 1e3 + 44.0).abs() < 0.5);
        // RT/F at 37 degC is 26.73 mV; potassium 140 in / 5 out: 26.73 * ln(5/140) = -89.1 mV.
        assert!((nernst(Ion::K, 140.0, 5.0, t) * 1e3 + 89.07).abs() < 0.05);
    }
}
