import { InMemoryRelayJournal } from "../../../../bot/chain/relayer/journal.js";
import { describeRelayJournal } from "../support/relay-journal-contract.js";

describeRelayJournal("InMemoryRelayJournal", () => Promise.resolve(new InMemoryRelayJournal()));
