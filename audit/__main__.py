from audit.cli.run import main

raise SystemExit(main())
