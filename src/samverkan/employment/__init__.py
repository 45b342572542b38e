"""Employment programs: the job factory, Linkstep coaching and employer matching, summer jobs."""
