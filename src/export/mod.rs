//! Export of a model to established simulators (NEST, Brian2) for scale-out and cross-checks.
