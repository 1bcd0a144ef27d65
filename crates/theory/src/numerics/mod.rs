//! Numerical building blocks: special functions, quadrature, parabolic cylinder functions,
//! the time budget of the searches,
//! the fixed-point solver and the 1-D crossing finder.

pub mod budget;
pub mod crossing;
pub mod parabolic_cylinder;
pub mod quadrature;
pub mod solver;
pub mod special;
