package seed

// The vocabulary of the demo community. Every entry is valid where it is
// used: todo contents are trimmed and 1–300 characters, emojis are single
// emoji (the seed test checks them with collections.IsSingleEmoji).

var firstNames = []string{
	"Ada", "Ben", "Chloe", "Dan", "Eva", "Finn", "Grace", "Hugo", "Ines", "Jon",
	"Kira", "Leo", "Mia", "Noah", "Olga", "Paul", "Quinn", "Rosa", "Sam", "Tara",
	"Uma", "Vic", "Wen", "Yara", "Zoe", "Aiko", "Bruno", "Carmen", "Dev", "Elif",
}

var lastNames = []string{
	"Kim", "Lee", "Park", "Silva", "Novak", "Meyer", "Rossi", "Dubois", "Ito", "Khan",
	"Jones", "Garcia", "Müller", "Nowak", "Larsen", "Costa", "Sato", "Haddad", "Okafor", "Reyes",
}

var bios = []string{
	"", "", "one day at a time", "coffee first", "plans > plans", "learning every day",
	"runner, reader", "making lists since 1999", "🌱 slow and steady", "small steps",
}

var goalTitles = []string{
	"work", "health", "study", "home", "reading", "friends", "side project",
	"fitness", "music", "money", "garden", "cooking",
}

var goalColors = []string{
	"#4f7cff", "#ff6b6b", "#2ec4b6", "#ffb703", "#8e44ad", "#06d6a0", "#ef476f", "#118ab2",
}

var todoContents = []string{
	"water the plants", "go for a run", "read 20 pages", "answer emails", "call mom",
	"buy groceries", "clean the kitchen", "write the weekly report", "stretch for 10 minutes",
	"practice guitar", "review pull requests", "plan tomorrow", "take out the trash",
	"meditate", "learn 10 new words", "fix the bike", "pay the bills", "bake bread",
	"walk the dog", "drink 2 liters of water", "prepare the presentation", "do the laundry",
	"book the dentist", "sketch for 15 minutes", "tidy the desk", "journal before bed",
	"cook something new", "send the invoice", "go to the gym", "study for the exam",
	"back up the laptop", "repot the cactus", "write a letter", "update the budget",
	"watch a lecture", "call the landlord", "swim 1 km", "sort old photos",
	"no phone after 10pm", "team standup notes",
}

var diaryContents = []string{
	"", "good day", "tired but happy", "finally finished it!", "rainy, stayed in",
	"long walk in the park", "productive morning, lazy evening", "met old friends",
	"learned something new today", "could have been better", "best coffee ever",
	"slept in, no regrets",
}

var emojis = []string{
	"🔥", "😀", "😴", "🌱", "💪", "📚", "☕", "🎉", "😅", "🌧️", "☀️", "❤️",
	"🤔", "🏃", "🍀", "✨", "🙌", "😌", "👍", "🎯", "👩‍💻", "🇰🇷", "1️⃣", "🥳",
}
