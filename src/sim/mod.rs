//! The spiking simulation core: network construction, neuron updates, delays, drives,
//! plasticity and recording.
