"""The 116 006 helpline: the listeners' console, callbacks, supervision, the switchboards'
webhooks, and the anonymous counters that outlive the calls."""
