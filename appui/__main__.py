from appui.cli import main

main()
