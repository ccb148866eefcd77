from transfix.cli import main

main()
