//! The core's secret store is the app's: the OS keyring, or the protected file beside the
//! data when there is no keyring (the same place as the API key).

use mostrador_core::vault::Vault;
use mostrador_secrets::Secrets;

pub struct SecretsVault(pub Secrets);

impl Vault for SecretsVault {
    fn get(&self, name: &str) -> Result<Option<String>, String> {
        self.0.get(name).map_err(|e| e.to_string())
    }

    fn set(&self, name: &str, value: &str) -> Result<(), String> {
        self.0.set(name, value).map_err(|e| e.to_string())
    }

    fn delete(&self, name: &str) -> Result<(), String> {
        self.0.delete(name).map_err(|e| e.to_string())
    }
}
