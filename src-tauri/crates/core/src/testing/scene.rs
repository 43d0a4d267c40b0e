//! Setting the in-memory engine's scene: who has WhatsApp, the account's groups, what a
//! number's account shows.
#![allow(clippy::unwrap_used)] // A test double: a poisoned lock is a failed test.

use mostrador_types::Group;

use crate::engine::UserInfo;
use crate::testing::{FakeMessenger, MemoryGroups};

impl FakeMessenger {
    /// These numbers (digits) have no WhatsApp; the others do, unless `register` names who.
    pub fn not_on_whatsapp(&self, phones: &[&str]) {
        self.unregistered
            .lock()
            .unwrap()
            .extend(phones.iter().map(|p| p.to_string()));
    }

    /// Only the numbers named here (and in earlier calls) have WhatsApp.
    pub fn register(&self, phones: &[&str]) {
        self.registered
            .lock()
            .unwrap()
            .extend(phones.iter().map(|p| p.to_string()));
    }

    pub fn set_groups(&self, groups: Vec<Group>) {
        *self.groups.lock().unwrap() = groups;
    }

    /// What WhatsApp shows of the account of `phone` (digits): about, business name, picture.
    pub fn set_user_info(&self, phone: &str, info: UserInfo) {
        self.user_infos.lock().unwrap().insert(phone.into(), info);
    }

    /// The groups made through group administration (to set a test's scene).
    pub fn group_admin(&self) -> &MemoryGroups {
        &self.admin
    }
}
