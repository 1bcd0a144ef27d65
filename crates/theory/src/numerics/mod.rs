//! Numerical building blocks: special functions, quadrature, parabolic cylinder functions,
//! the fixed-point solver and the 1-D crossing finder.

pub mod crossing;
pub mod parabolic_cylinder;
pub mod quadrature;
pub mod solver;
pub mod special;
