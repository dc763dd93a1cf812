from scoring.cli import leave, main

leave(main())
