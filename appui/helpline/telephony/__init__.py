"""The helpline's telephony interface, vendor-neutral: the signature every switchboard's post
carries (`signing`), the events it reports (`events`), and the adapters that translate what
a given switchboard sends into those events (`adapters`). The webhook itself is `api.py`;
what an event changes is `services.telephony`."""
