from audit.cli.run import main

if __name__ == "__main__":  # not when a worker process imports it (multiprocessing "spawn")
    raise SystemExit(main())
