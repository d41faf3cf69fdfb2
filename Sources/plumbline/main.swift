import PlumblineCLI

await Entrypoint.main()
