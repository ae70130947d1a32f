import NASCLI

await NaswiftCommand.main()
