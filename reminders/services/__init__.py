"""What the dashboard and the command line share: enrolment, accounts, the log export,
the doctor and the demo's seed. Built on every flow below it; never imports a web or CLI layer."""
