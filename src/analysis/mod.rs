//! Statistics over recorded simulation data: rates, irregularity, correlations, spectra,
//! balance, avalanches and branching.
