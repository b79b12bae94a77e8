"""What the patient's texts and the schedule leave behind: flags for coordinators and
answered occurrences. Written from both flows, so it sits below them; imports only core."""
