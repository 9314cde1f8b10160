"""Organisations and the people in them: who belongs where, with which role, and the admin's
changes to that (add, change a role, deactivate or remove, reactivate), each audited."""
