//! `eibal check`.

use super::ModelArgs;
use crate::error::{Error, Result};
use clap::Args;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub model: ModelArgs,
}

pub fn run(_args: CheckArgs) -> Result<()> {
    Err(Error::NotImplemented("eibal check"))
}
