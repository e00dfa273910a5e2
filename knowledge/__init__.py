"""Knowledge data for triage (YAML files beside this one); read only by triage.knowledge."""
