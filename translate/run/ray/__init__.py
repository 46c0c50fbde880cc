"""The Ray executor (`--ray`): joining the cluster, the records the stages pass each other, the
read/translate/write stages, and the driver that records outcomes (`executor`, `corpus`)."""
