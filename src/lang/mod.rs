//! The `.ei` language: grammar (`grammar/ei.pest`), syntax tree, units, checking,
//! diagnostics and canonical formatting. Produces a [`crate::model::Model`].
