## The page shell
skip-to-content = Skip to content
nav-label = Main menu
menu = Menu
nav-home = Home
nav-account = My account
logout = Log out
language-label = Language
language-switch = Nederlands
language-switch-hint = Schakel naar Nederlands
footer-accessibility = Accessibility
footer-powered = Made with Plein, open source (EUPL-1.2)
title-error = Error: { $title }

## Login
login-title = Log in
login-intro = Log in with your username or e-mail address.
login-username = Username or e-mail address
login-password = Password
login-submit = Log in
login-invalid = The username or password is not correct.
login-throttled = Too many failed attempts. Try again in { $minutes ->
    [one] a minute
   *[other] { $minutes } minutes
}.
login-required = Enter your username and password.
logged-out = You have logged out.

## Home
home-title = Home
home-welcome = Welcome, { $name }

## Account
account-title = My account
account-details = Details
account-name = Name
account-username = Username
account-email = E-mail address
account-kind = Kind of account
account-kind-employee = Employee
account-kind-guest = External guest
account-role = Role
account-role-admin = Administrator
account-language = Language of the website
account-language-submit = Save language
account-password = Change password
account-password-current = Current password
account-password-new = New password
account-password-new-hint = At least 12 characters. Choose something hard to guess, for instance a few unrelated words.
account-password-repeat = Repeat the new password
account-password-submit = Change password
account-password-changed = Your password has been changed. Your other sessions have ended.
form-has-errors = The form has errors. Correct them and try again.

## Field errors
error-required = This field is required.
error-too-long = This is too long (at most { $max } characters).
error-too-short = This is too short (at least { $min } characters).
error-invalid = This is not a valid value.
error-characters = This contains characters that are not allowed here, such as control characters or characters that reverse the reading direction.
error-taken = This is already in use; choose something else.
error-password-too-short = The password must be at least { $min } characters long.
error-password-too-long = The password may be at most { $max } characters long.
error-password-too-common = This password is too easy to guess. Choose a longer one or a few unrelated words.
error-password-mismatch = The two new passwords are not the same.
error-password-wrong = The current password is not correct.
error-password-throttled = Too many wrong passwords. Try again in { $minutes ->
    [one] a minute
   *[other] { $minutes } minutes
}.

## Error pages
error-400-title = We cannot process this
error-400-text = What you sent contains characters Plein does not accept (such as control characters), or does not match the form. Go back, check what you entered and try again.
error-404-title = Page not found
error-404-text = This page does not exist, or you do not have access to it.
error-403-title = Not allowed
error-403-text = This request was refused. Go back and try again from the page itself.
error-405-title = Not allowed
error-405-text = This action is not possible here.
error-413-title = Too large
error-413-text = What you sent is too large to process.
error-429-title = Too many requests
error-429-text = You have made too many requests. Wait a moment and try again.
error-500-title = Something went wrong
error-500-text = Something went wrong on our side. Try again later; if it keeps happening, tell the administrator.
error-other-title = Something went wrong
error-other-text = This request could not be processed.
error-back-home = Go to the home page

## Accessibility statement
a11y-title = Accessibility
a11y-intro = { $organisation } wants everyone to be able to use this intranet, including people with a disability.
a11y-standard = This intranet is built to the Web Content Accessibility Guidelines (WCAG) 2.1 at level A and AA, as Dutch government regulations require. Every page is tested automatically with axe-core in a real browser at phone, tablet and desktop sizes with every change.
a11y-keyboard = Every page works with a keyboard alone and without JavaScript.
a11y-contact = Do you find something that does not work? Let the intranet's administrator know.

## Sessions
account-sessions = Active sessions
account-sessions-intro = You are logged in here. If you do not recognise a session, log out everywhere else and change your password.
account-session-this = This session
account-session-meta = Last active { $when }
account-session-meta-address = Last active { $when }, from { $address }
account-sessions-end-others = Log out everywhere else
account-sessions-ended = You have been logged out everywhere else.
session-device = { $browser } on { $os }
session-unknown-browser = Unknown browser
session-unknown-os = unknown system
time-just-now = just now
time-minutes-ago = { $n ->
    [one] a minute ago
   *[other] { $n } minutes ago
}
time-hours-ago = { $n ->
    [one] an hour ago
   *[other] { $n } hours ago
}
time-days-ago = { $n ->
    [one] a day ago
   *[other] { $n } days ago
}

## Command line
cli-listening = Plein listens on { $address }
cli-demo-login = Demo: log in as { $admin } (administrator) or { $employee } (employee) with the password { $password }
cli-demo-created = Demo organisation created: { $users } users in { $seconds } s.
cli-demo-present = The database already has users; the demo was not created.
cli-migrated = The database is up to date.
cli-search-progress = Building the search index: { $items } items ({ $rate } a second)…
cli-search-rebuilt = Search index built: { $items } items in { $seconds } s ({ $rate } a second).
cli-user-created = Account { $username } created.
cli-password-set = Password changed; this user's sessions have ended.
cli-user-deactivated = Account deactivated; its sessions have ended.
cli-user-reactivated = Account active again.
cli-password-prompt = Password:
cli-password-again = Again:
cli-password-mismatch = The passwords are not the same.
cli-taken = { $field ->
    [email] This e-mail address is already in use.
   *[other] This username is already in use.
}
cli-no-such-user = This user does not exist.
cli-field = { $field }: { $message }

## Spaces
nav-spaces = Teams
spaces-title = Teams and groups
spaces-intro = Teams, workgroups, projects and departments where you work together.
spaces-new = New team
spaces-filter-label = Filter
spaces-filter-kind = Kind
spaces-filter-kind-all = All kinds
spaces-filter-show = Show
spaces-filter-all = All teams
spaces-filter-mine = My teams
spaces-filter-joinable = Open to join
spaces-filter-submit = Filter
spaces-none = There are no teams that match.
spaces-count = { $count ->
    [one] One team
   *[other] { $count } teams
}
space-members-count = { $count ->
    [one] 1 member
   *[other] { $count } members
}
space-kind-team = Team
space-kind-workgroup = Workgroup
space-kind-project = Project
space-kind-department = Department
space-visibility-open = Open
space-visibility-open-help = Every employee can read along and join.
space-visibility-closed = Closed
space-visibility-closed-help = Listed; only members read along. Joining by request.
space-visibility-secret = Secret
space-visibility-secret-help = Only members know this team exists.
space-role-owner = Owner
space-role-admin = Administrator
space-role-member = Member
space-role-guest = Guest
space-your-role = Your role: { $role }
space-archived = Archived: this team can only be read.
space-join = Join
space-request = Ask to join
space-request-message = Message to the owners (optional)
space-requested = You have asked to join. An owner will decide.
space-leave = Leave team
space-last-owner = You are the last owner. Make someone else an owner before you leave the team.
space-closed-content = This is a closed team. Only members see what happens here.
space-members = Members
space-requests = Requests to join
space-request-approve = Let in
space-request-deny = Decline
space-request-from = { $name } asks to join
space-joined = You are now a member of this team.
space-left = You have left the team.
space-external = external
space-former = former colleague
space-new-title = New team
space-field-name = Name
space-field-description = Description
space-field-kind = Kind
space-field-visibility = Visibility
space-field-colour = Colour
space-field-guests = External guests may be invited
space-field-admins-post = Only owners and admins post (announcements); members react
space-create = Create team
colour-blue = Blue
colour-green = Green
colour-purple = Purple
colour-red = Red
colour-orange = Orange
colour-grey = Grey

## Guests and invitations
mail-invitation-subject = { $inviter } invites you to { $space } on { $organisation }
mail-invitation-intro = { $inviter } invites you to work together in { $space } on { $organisation }, our organisation's intranet.
mail-invitation-action = Create your account with this link:
mail-invitation-note = The link works until { $until } and only once. As a guest you see only the teams you are invited to.
mail-guest-added-intro = { $inviter } has added you to { $space } on { $organisation }. You find the team here:
space-invite = Invite an external guest
space-invite-intro = The guest receives an e-mail with a link to create an account, and sees only the teams they are invited to.
space-invite-email = The guest's e-mail address
space-invite-language = Language of the invitation
space-invite-submit = Send invitation
space-invite-sent = The invitation has been sent.
space-invite-added = This guest already had an account and has been added to the team.
space-invite-employee = This address belongs to an employee. Employees simply join the team.
space-invite-member = This person is a member of this team already.
space-add-unknown = There is no colleague with that name, username or e-mail address (who is not a member yet).
space-add-guest = This is an external guest. Guests come in with an invitation: invite them with their e-mail address.
space-add-title = Add a colleague
space-add-label = Name, username or e-mail address
space-add-hint = The colleague becomes a member at once and is notified.
space-add-submit = Add
space-add-choose-title = Which colleague do you mean?
space-add-choose-intro = Several colleagues fit ‘{ $query }’. Choose whom to add.
space-add-choose-more = More colleagues fit. Not the right one here? Go back and type more of the name.
space-add-choose-submit = Add { $name }
space-add-choose-back = Back to { $space }
space-guest-until = access until { $date }
space-guest-renew = Extend access
space-guest-renewed = The guest's access has been extended by 90 days.
invitation-title = Invitation to { $space }
invitation-intro = You have been invited to { $space }. Choose the name colleagues will see and a password.
invitation-email = You log in with your e-mail address: { $email }
invitation-name = Your name
invitation-submit = Create account
invitation-invalid-title = Invitation not valid
invitation-invalid-text = This invitation has been used, has expired or does not exist. Ask the person who invited you for a new one.

## Managing a space
space-member-role-of = Role of { $name }
space-member-save = Save role
space-member-remove = Remove { $name }
space-member-changed = The role has been changed.
space-member-removed = The member has been removed.
space-member-added = The colleague was added.
space-archive = Archive team
space-unarchive = Reopen team
space-archived-now = The team has been archived.
space-unarchived = The team has been reopened.

## Administration
nav-admin = Administration
admin-title = Administration
admin-intro = Groups and rights, and the audit log.
admin-groups = Groups and rights
admin-groups-intro = Groups decide what their members may do, and are the audiences of news and pages.
admin-audit = Audit log
admin-audit-intro = Who did what, when, from which address. The log cannot be changed.
group-new = New group
group-name = Name
group-description = Description
group-create = Create group
group-save = Save
group-delete = Delete group
group-members = Members
group-members-count = { $count ->
    [one] 1 member
   *[other] { $count } members
}
group-add-member = Add member (username or e-mail address)
group-add-member-submit = Add
group-remove-member = Remove { $name } from the group
group-grants = Rights
group-grants-none = This group grants no extra rights.
group-grants-save = Save rights
group-grants-admin-only = Only administrators with the right 'manage everything' change rights.
group-cannot-change = This group grants rights you do not hold yourself, so you cannot change it.
group-saved = The group has been saved.
group-deleted = The group has been deleted.
group-unknown-user = This user does not exist.
group-taken = There is a group with this name already.
capability-admin = Manage everything (including rights)
capability-manage_users = Manage users
capability-manage_groups = Manage groups
capability-create_spaces = Create teams
capability-publish_news = Publish news
capability-manage_pages = Manage pages and knowledge base
capability-moderate = Moderate
capability-helpdesk = Helpdesk
capability-view_audit_log = Read the audit log
audit-when = When
audit-who = Who
audit-action = Action
audit-object = On
audit-result = Result
audit-origin = Address
audit-success = succeeded
audit-failure = failed
audit-refused = refused
audit-repeats = and { $n } more { $n ->
    [one] time
   *[other] times
  }, last at { $last }
audit-filter-action = Action starts with
audit-filter-actor = User
audit-filter-submit = Search
audit-older = Older entries
audit-none = No entries found.
audit-unknown = unknown

## People
nav-people = People
people-title = People
people-intro = Find colleagues by name, department, group or expertise.
people-filter-name = Name
people-filter-department = Department
people-filter-department-all = All departments
people-filter-group = Group
people-filter-group-all = All groups
people-filter-expertise = Expertise
people-filter-submit = Search
people-none = Nobody found.
people-count = { $count ->
    [one] One person
   *[other] { $count } people
}
person-job-title = Function
person-department = Department
person-location = Location
person-phone = Phone
person-email = E-mail
person-about = About me
person-expertise = Ask me about
person-spaces = Teams
person-edit = Edit my profile
profile-title = My profile
profile-intro = What you fill in here, colleagues see on your profile and in the directory.
profile-phone-visible = Show my phone number to colleagues
profile-expertise-hint = Subjects colleagues can ask you about, separated by commas.
profile-save = Save profile
profile-saved = Your profile has been saved.
admin-users = Users
admin-users-intro = Accounts of employees and external guests: create, deactivate, and an export for access reviews.
users-search = Search by name, username or e-mail address
users-search-submit = Search
users-export = Export users, groups and rights (CSV)
users-status-active = active
users-status-deactivated = deactivated
users-last-login = last logged in { $when }
users-never-logged-in = never logged in
users-deactivate = Deactivate { $name }
users-reactivate = Reactivate { $name }
users-deactivated = The account has been deactivated; its sessions have ended.
users-reactivated = The account is active again.
users-created = The account has been created.
users-new = New account
users-kind = Kind of account
users-create = Create account
users-forbidden = This account holds rights you do not hold yourself, or it is your own account.
users-taken = This username or e-mail address is already in use.
users-import = Import users (CSV)
users-import-help = Columns: username, name, email, kind (employee or guest) and groups (group names separated by ;). One bad line and nothing is imported. Accounts get no password: they choose one through the e-mail below, or log in through single sign-on.
users-import-file = CSV file
users-import-submit = Import
users-imported = { $count ->
    [one] One account imported.
   *[other] { $count } accounts imported.
}
users-import-refused = Nothing was imported. Correct these lines and try again:
import-line = Line { $line }: { $problem }
import-missing-column = the column { $column } is missing
import-unreadable = this is not readable CSV
import-too-many = more than { $max } lines
import-kind = the kind must be employee or guest
import-taken-username = this username is already in use
import-taken-email = this e-mail address is already in use
import-not-text = The file is not UTF-8 text, or contains control characters. Save it from your spreadsheet as "CSV UTF-8 (comma delimited)" and try again.
import-unknown-group = the group { $group } does not exist
import-group-not-allowed = you may not put people in the group { $group }: it grants rights you do not hold yourself
import-field = { $field }: { $message }
profile-photo = Photo
profile-photo-current = Your current photo
profile-photo-file = New photo
profile-photo-hint = A PNG, JPEG, GIF or WebP file. We make it a square of 256 × 256 pixels.
profile-photo-upload = Save photo
profile-photo-remove = Remove photo
profile-photo-saved = Your photo has been updated.
space-settings = Team settings
space-settings-save = Save settings
space-settings-saved = The settings have been saved.

## Password links, user editing, birthdays, space images
login-forgot = Forgot your password?
password-forgot-title = Forgot your password
password-forgot-intro = Enter your username or e-mail address. If it belongs to an account, we send a link to set a new password.
password-forgot-submit = Send me a link
password-forgot-sent = If this belongs to an account, an e-mail with a link is on its way. Check your junk mail folder too.
password-back-to-login = Back to log in
password-set-title = Set your password
password-set-intro = Choose a password for the account { $username }. You are logged in afterwards; other sessions of this account end.
password-set-submit = Set password
password-link-invalid-title = This link no longer works
password-link-invalid-text = A link to set your password works once and not for long (a reset link { $hours } hours). Ask for a new one on the log-in page under "Forgot your password?".
mail-reset-subject = A new password for { $organisation }
mail-reset-intro = Hello { $name }, someone (hopefully you) asked for a new password for { $organisation }. Set it with this link:
mail-reset-note = The link works for two hours and only once. Did you not ask for this? Then ignore this e-mail; your password stays the same.
mail-welcome-subject = Your account on { $organisation }
mail-welcome-intro = Hello { $name }, an account was made for you on { $organisation }, our organisation's intranet. Choose your password with this link:
mail-welcome-note = The link works for seven days and only once. After that, ask for a new one on the log-in page under "Forgot your password?".
mail-password-username = Your username is { $username }.
users-status = Status
users-last-login-label = Last logged in
users-password-label = Password
users-password-set = set
users-password-none = not set yet
users-guest-until = Access until
users-view-profile = View the profile
users-edit = Name and e-mail address
users-saved = The details are saved.
users-created-welcome = The account was created. The user gets an e-mail with a link to choose a password.
users-import-welcome = Send every new account an e-mail with a link to choose a password
users-password-hint = Leave empty to e-mail the user a link to choose a password themselves.
person-birthday = Birthday
profile-birthday-hint = Day and month only, no year. Colleagues see your birthday only if you turn that on below.
profile-birthday-day = Day
profile-birthday-month = Month
profile-birthday-visible = Colleagues may see my birthday
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
space-image = Image
space-image-current = The current image
space-image-file = New image
space-image-upload = Save image
space-image-remove = Remove image
space-image-saved = The image is updated.
pager-label = Pages
pager-first = First page
pager-next = Next page

## The social stream
stream-title = Posts
stream-empty = No posts yet.
stream-more = Load older posts
post-in-space = in { $space }
post-on-profile = on { $name }'s profile
post-likes = { $count ->
    [0] Nobody likes this yet
    [one] One like
   *[other] { $count } likes
}
post-comments = { $count ->
    [0] Comment
    [one] One comment
   *[other] { $count } comments
}
post-like = Like
post-liked = Like (on)
post-edit = Edit
post-edited = edited
post-pinned = pinned
post-pin = Pin
post-unpin = Unpin
post-pinned-title = Pinned
post-delete = Remove
post-hint = Type @ to mention a colleague and # for a topic; a web address becomes a link by itself.
post-submit = Post
post-on-own-profile = Share something on your profile
post-in-space-label = Write a post in { $space }
post-title = Post by { $name }
post-edit-title = Edit post
post-body = Post
post-save = Save
post-cancel = Cancel
comments-title = Comments
comments-none = No comments yet.
comment-label = Your comment
comment-submit = Comment
comment-reply = Your reply
comment-reply-to = Reply to { $name }
comment-delete = Remove
likers-title = Who likes this
likers-back = Back to the post
likers-none = Nobody yet.
follow = Follow
follow-person = Follow { $name }
follow-stop = Unfollow

## Notifications, mentions, topics, polls and moderation
nav-notifications = Notifications
nav-unread = unread
nav-moderation = Moderation
stream-new-posts = There are new posts. Reload the page to see them.
mention-suggestions = People to mention
notifications-title = Notifications
notifications-none = You have no notifications yet.
notifications-new = New
notifications-mark-all = Mark all as read
notifications-mark-one = Mark as read
notifications-more = Older notifications
notifications-mail-title = Notifications by e-mail
notifications-mail-mentions = E-mail me straight away when someone mentions me
notifications-mail-digest = E-mail me a daily summary of my unread notifications
notifications-mail-save = Save
notifications-mail-saved = Your choices have been saved.
notification-mention = { $name } mentioned you
notification-comment = { $others ->
    [0] { $name } commented on your post
    [one] { $name } and 1 other commented on your post
   *[other] { $name } and { $others } others commented on your post
}
notification-reply = { $others ->
    [0] { $name } replied in a conversation you take part in
    [one] { $name } and 1 other replied in a conversation you take part in
   *[other] { $name } and { $others } others replied in a conversation you take part in
}
notification-like = { $others ->
    [0] { $name } likes your post
    [one] { $name } and 1 other like your post
   *[other] { $name } and { $others } others like your post
}
notification-post = { $name } posted in { $space }
notification-post-profile = { $name } posted on their profile
notification-join-request = { $name } asks to join { $space }
notification-join-approved = You are now a member of { $space }
notification-join-declined = Your request to join { $space } was declined
notification-added = { $name } added you to { $space }
notification-hidden = A moderator hid your post
mail-mention-subject = { $name } mentioned you on { $organisation }
mail-mention-intro = { $name } mentioned you on { $organisation }:
mail-digest-subject = Your unread notifications on { $organisation }
mail-digest-intro = Hello { $name }, this happened for you on { $organisation }:
mail-notification-settings = You choose which notifications you get by e-mail: { $url }
topic-intro = Posts with #{ $topic } that you may read, newest first.
poll-add = Add a poll
poll-options = Options
poll-options-hint = One per line, 2 to 10 different ones, each at most 200 characters.
poll-multiple = More than one answer allowed
poll-closes = Voting is open
poll-closes-never = with no end date
poll-closes-after = { $days ->
    [one] for 1 day
   *[other] for { $days } days
}
poll-closes-on = Closes on { $when }
poll-closed = Closed
poll-votes = { $count ->
    [one] 1 vote
   *[other] { $count } votes
}
poll-your-choice = your choice
poll-choose-one = Choose one answer
poll-choose-many = Choose one or more answers
poll-vote = Vote
poll-change = Change your vote
poll-error-options = Give 2 to 10 different answers of at most 200 characters, one per line.
poll-error-closes = Choose a closing time in the future.
poll-error-closed = This poll is closed; voting is no longer possible.
poll-error-choice = Choose one of the answers (only one in this poll).
post-hidden-notice = A moderator hid this post; only you and the moderators still see it.
comment-hidden-notice = A moderator hid this comment; only its writer and the moderators still see it.
comment-withheld = A moderator hid this comment.
post-hidden-reason = Reason: { $reason }
report-link = Report as inappropriate
report-title = Report to the moderators
report-intro = Do you think this does not belong on the intranet? Say why; the team's managers or the moderators will look at it.
report-reason = Why are you reporting this?
report-submit = Report
moderation-title = Moderation
moderation-intro = Reported posts and comments in the teams you manage. Hiding or removing goes into the audit log with its reason.
moderation-none = There are no open reports.
moderation-done = Your decision has been applied.
moderation-reason-needed = Give a reason to hide something.
moderation-post-by = Post by { $name }
moderation-comment-by = Comment by { $name }
moderation-profile = on a profile
moderation-news = on news: { $title }
moderation-reported-by = Reported by { $name }
moderation-open = See it in context
moderation-reason = Reason (its writer sees it when hidden)
moderation-reason-hint = Needed to hide; when removing or dismissing it goes into the audit log.
moderation-hide = Hide
moderation-remove = Remove
moderation-dismiss = Dismiss
space-notify-title = Notifications from this team
space-notify-all = Every new post
space-notify-normal = As usual (comments on my posts, mentions, and new posts when I follow the team)
space-notify-mute = Only when someone mentions me
space-notify-save = Save
image-add = Add pictures
image-hint = At most { $count } pictures, each with a description.
image-number = Picture { $n }
image-file = File (PNG, JPEG, GIF or WebP)
image-alt = Description of the picture
image-alt-hint = For those who cannot see it: what does it show? Required with a picture, at most 300 characters.
image-error-alt = Describe the picture in at most 300 characters; those who cannot see it need it.
image-error-not-image = This file is not a picture we can read (PNG, JPEG, GIF or WebP).
image-error-too-large = This picture is too large to process; choose a smaller one (at most 8000 pixels wide and high).
image-error-too-many = A post has at most 4 pictures.
image-error-file-too-large = The files are too large together; choose smaller pictures or fewer at a time.

## The job queue (/beheer/taken)
admin-jobs = Jobs
admin-jobs-intro = Work that follows a change, such as e-mail and the daily digest. Failed jobs are tried again later; after too many attempts they wait here for you.
jobs-none = There are no waiting or failed jobs.
jobs-kind = Job
jobs-state = Status
jobs-attempts = Attempts
jobs-next = Next attempt
jobs-error = Last error
jobs-actions = Actions
jobs-retry = Try again
jobs-retried = The job will be tried again.
jobs-count-waiting = { $count } waiting
jobs-count-running = { $count } running
jobs-count-failed = { $count } failed
job-state-waiting = waiting
job-state-running = running
job-state-failed = failed
job-state-done = done
job-kind-mail = E-mail
job-kind-digest = Daily digest
job-kind-digests = Preparing digests
job-kind-housekeeping = Housekeeping

## Confirmations, feedback and the action row
# Followed by the author's name, which the reader hears right after it.
post-more = More actions for the post by
comment-more = More actions for the comment by
post-delete-title = Remove post?
post-delete-question = The post and all its comments will be gone for good. This cannot be undone.
comment-delete-title = Remove comment?
comment-delete-question = The comment and its replies will be gone for good. This cannot be undone.
space-archive-title = Archive team?
space-archive-question = Nobody can post or change anything in an archived team; its members can still read everything. You can open the team again later.
group-delete-title = Delete group?
group-delete-question = Its members lose the rights this group gave them. This cannot be undone.
users-deactivate-title = Deactivate account?
users-deactivate-question = The person can no longer log in and all their sessions end at once. Their posts and comments stay. You can reactivate the account later.
users-deactivate-yes = Deactivate
confirm-cancel = Cancel
confirm-yes = Yes, continue
stream-post-created = Your post has been published.
stream-post-removed = The post has been removed.
stream-comment-created = Your comment has been posted.
stream-comment-removed = The comment has been removed.
report-sent = Thank you for your report. The moderators will look at it.
space-created = The team has been created. Now add colleagues.
poll-error-question = A question fits on one line of at most 300 characters.
poll-question = Question
poll-question-hint = Leave empty when your post already asks the question.

## Home
home-my-spaces = My teams
home-no-spaces = You are not a member of a team yet.
home-all-my-spaces = All my teams
home-find-spaces = Find teams
home-shortcuts = Go to
home-find-people = Find colleagues
home-new-space = New team
home-edit-profile = Update my profile
home-notifications = My notifications
post-share = What would you like to share?
post-place = Post in
post-place-profile = My profile
format-help = Formatting
format-help-text = **bold**, _italics_, a line starting with - becomes a list, [text](web address) a link
format-bold = Bold
format-italic = Italics
format-list = List
format-link = Link
format-link-prompt = Address of the link
format-preview = Preview
format-edit = Keep writing
format-toolbar = Formatting

## Team sections
space-sections = Sections of { $space }
space-section-posts = Posts
space-section-members = Members
space-section-about = About
space-requests-open = requests
space-add-suggestions = Colleagues who fit
space-members-search = Find a member by name
space-members-search-submit = Search
space-members-found = { $count } of { $all } members
space-members-none = No members found.
space-members-pages = Pages of members
space-about-title = What this team is for
space-about-empty = There is no description yet.
space-about-manage = Manage
space-about-kind = Kind
space-about-visibility = Who sees it
space-about-owners = Owners
space-about-created = Started on
pager-previous = Previous page
spaces-filter-name = Name
spaces-all = All teams

## The audit log in words
audit-someone = someone
audit-something = something
audit-system = Plein
audit-attempt = Refused: { $sentence }
audit-did-other = { $actor }: { $action } { $object }
audit-did-audit-read = { $actor } read the audit log
audit-did-comment-hide = { $actor } hid a comment by { $person }
audit-did-comment-remove = { $actor } removed a comment by { $person }
audit-did-demo-create = { $actor } created the demo organisation
audit-did-group-capabilities = { $actor } changed the rights of the group { $object }
audit-did-group-create = { $actor } created the group { $object }
audit-did-group-delete = { $actor } deleted a group
audit-did-group-member-add = { $actor } added { $person } to the group { $object }
audit-did-group-member-remove = { $actor } removed { $person } from the group { $object }
audit-did-group-update = { $actor } changed the group { $object }
audit-did-guest-accept = { $actor } accepted the invitation to { $object }
audit-did-guest-add = { $actor } added guest { $person } to { $object }
audit-did-guest-expire = Guest { $person }'s access ended
audit-did-guest-invite = { $actor } invited { $person } to { $object }
audit-did-guest-renew = { $actor } extended { $person }'s access to { $object }
audit-did-job-retry = { $actor } had a failed job tried again
audit-did-jobs-read = { $actor } read the job queue
audit-did-post-hide = { $actor } hid a post by { $person }
audit-did-post-remove = { $actor } removed a post by { $person }
audit-did-report-dismiss = { $actor } dismissed a report
audit-did-session-end-others = { $actor } ended their sessions on other devices
audit-did-space-archive = { $actor } archived { $object }
audit-did-space-create = { $actor } created { $object }
audit-did-space-image = { $actor } changed the picture of { $object }
audit-did-space-join = { $actor } joined { $object }
audit-did-space-leave = { $actor } left { $object }
audit-did-space-member-add = { $actor } added { $person } to { $object }
audit-did-space-member-remove = { $actor } removed { $person } from { $object }
audit-did-space-member-role = { $actor } gave { $person } another role in { $object }
audit-did-space-request = { $actor } asked to join { $object }
audit-did-space-request-approve = { $actor } let { $person } into { $object }
audit-did-space-request-deny = { $actor } declined { $person }'s request to join { $object }
audit-did-space-unarchive = { $actor } opened { $object } again
audit-did-space-update = { $actor } changed the settings of { $object }
audit-did-user-create = { $actor } created the account of { $object }
audit-did-user-deactivate = { $actor } deactivated the account of { $object }
audit-did-user-export = { $actor } exported the user list
audit-did-user-import = { $actor } imported users
audit-did-user-password-change = { $actor } changed their own password
audit-did-user-password-link-used = { $actor } set a password with a link
audit-did-user-password-reset-requested = A password link was requested for { $object }
audit-did-user-password-set = { $actor } set the password of { $object }
audit-did-user-reactivate = { $actor } reactivated the account of { $object }
audit-did-user-update = { $actor } changed the account of { $object }
audit-filter-kind = Kind of action
audit-filter-kind-all = All actions
audit-kind-accounts = Accounts
audit-kind-groepen = Groups and rights
audit-kind-teams = Teams
audit-kind-gasten = External guests
audit-kind-moderatie = Moderation
audit-kind-systeem = System
audit-filter-from = From
audit-filter-to = Up to and including
audit-filter-person = By (username or e-mail address)
audit-what = What happened
audit-code = Code
audit-export = Export as CSV
audit-did-login = { $actor } logged in
audit-failed-login = Failed attempt to log in as { $actor }
audit-did-logout = { $actor } logged out
audit-unknown-account = an unknown name

## User administration
users-show = Show
users-show-all = All accounts
users-show-medewerkers = Employees
users-show-gasten = External guests
users-show-gedeactiveerd = Deactivated
users-show-nooit-ingelogd = Never logged in
users-none = No accounts found.
users-col-name = Name
users-col-groups = Groups
users-col-actions = Actions
users-groups = Groups
users-groups-none = In no group.
users-spaces = Teams
users-spaces-none = Member of no team.
space-member-remove-title = Remove member from the team?
space-member-remove-question = They will no longer read along in a closed or secret team, nor be notified of it.
space-member-remove-yes = Remove from the team

## Search
search-title = Search
search-title-for = Search for “{ $query }”
search-label = What are you looking for?
search-header-label = Search the intranet
search-submit = Search
search-hint = Search posts, comments, colleagues and teams. Put words in "quotes" for an exact phrase, a - before a word to leave it out, a * after it for words that start so.
search-building = The search index is still being built; not everything can be found yet.
search-kinds-label = Kind of result
search-count = { $count ->
    [0] No results
    [one] One result
   *[other] { $count } results
}
search-fuzzy = Nothing found with exactly these words. This is close (with a small typo).
search-none = Nothing found for “{ $query }”.
search-none-spelling = Check the spelling, or try another word that means the same.
search-none-fewer = Use fewer or more general words.
search-none-rights = You only find what you may read: posts in closed and secret teams only when you are a member.
search-more = More results
search-too-long = A search is at most { $max } characters long.
search-kind-all = All ({ $count })
search-kind-person = Colleagues ({ $count })
search-kind-space = Teams ({ $count })
search-kind-post = Posts ({ $count })
search-kind-comment = Comments ({ $count })
search-hit-post = Post
search-hit-comment = Comment
search-hit-person = Colleague
search-hit-space = Team
search-post-title = { $name } in { $place }
search-narrow-label = Refine results
search-narrow-submit = Refine
search-team-label = Team
search-team-any = All teams
search-period-label = Period
search-period-any = Any time
search-period-week = Past week
search-period-month = Past month
search-period-year = Past year
search-by = By { $name }
search-by-remove = Remove filter “by { $name }”
search-more-by = Posts by { $name }
search-meant = Did you mean
search-suggest-topic = { $count ->
    [one] Topic · 1 post
   *[other] Topic · { $count } posts
}
search-suggest-all = All results for “{ $query }”
search-suggest-label = Suggestions
search-count-more = More than { $count } results
search-kind-all-more = All ({ $count }+)
search-kind-person-more = Colleagues ({ $count }+)
search-kind-space-more = Teams ({ $count }+)
search-kind-post-more = Posts ({ $count }+)
search-kind-comment-more = Comments ({ $count }+)
search-topics = Topics:
search-topic = #{ $topic } ({ $count })

## News
nav-news = News
home-news = News
home-news-all = All news
news-title = News
news-none = There is no news for you (yet).
news-older = Older news
news-new = Write a news item
news-back-to-archive = Back to all news
news-filter-label = Filter news
news-filter-all = All
news-filter-month = Month
news-filter-audience = For whom
news-filter-apply = Filter
news-filter-clear = Clear filters
news-audience-filter-everyone = Everyone
news-audience-filter-groups = Departments and groups
news-audience-filter-space = Teams
news-month = { $month } { $year }
news-for-everyone = For everyone
news-for-groups = For { $groups }
news-in-space = In { $space }
news-featured = Featured
news-to-confirm = To confirm
news-overdue = Past its due date, still to confirm
news-confirmed = Read and understood
news-scheduled-for = Appears { $time }
news-state-draft = Draft: only editors see this
news-state-scheduled = Scheduled: appears on its publish date
news-state-published = Published
news-state-ended = Ended: no longer on the start page, still in the archive
news-state-archived = Archived: only editors see this
news-byline-on-behalf = { $name } on behalf of { $department }
news-changed = Changed on { $time }
news-changed-note = Changed on { $time }: { $note }
news-changes-show = See what changed
news-changes-removed = removed
news-changes-added = added
news-confirm-heading = Read and understood
news-confirm-asked = The editors ask you to confirm that you have read and understood this item.
news-confirm-due = The editors ask you to confirm before { $time } that you have read and understood this item.
news-confirm-button = Read and understood
news-confirmed-at = You confirmed that you have read and understood this item ({ $time }).
news-confirm-not-yours = This item asks its audience for a read confirmation; you are not part of it.
news-confirmed-now = Thank you. Your confirmation is recorded.
news-manage-label = Manage this item
news-edit = Edit
news-delete = Delete
news-delete-title = Delete this news item?
news-delete-text = The item and its read confirmations are deleted for good. Archiving keeps them.
news-deleted = The news item was deleted.
news-saved = The news item was saved.
news-reminded = The reminder is being sent to everyone who has not confirmed.
news-to-confirm-title = To confirm
news-to-confirm-intro = Items the editors ask you to confirm you have read and understood.
news-to-confirm-none = You have confirmed everything. Nothing is left open.
news-desk-title = Editors' desk
news-desk-intro = Every item you manage: drafts, scheduled, published, ended and archived.
news-desk-none = You do not manage any news items yet.
news-new-title = Write a news item
news-edit-title = Edit news item
news-save = Save
news-field-title = Title
news-field-lead = Introduction
news-field-lead-hint = One short paragraph: it shows in the overview and on the start page.
news-field-body = Text
news-field-body-hint = You can use **bold**, *italics*, lists and links.
news-field-category = Category
news-field-on-behalf = On behalf of (department)
news-field-picture = Header picture
news-picture-current = The current picture
news-picture-remove = Remove the picture
news-picture-file = Choose a picture (JPEG, PNG, WebP or GIF)
news-picture-alt = Description of the picture (for those who cannot see it)
news-field-audience = For whom
news-audience-everyone = All employees
news-audience-groups = Only these groups (external guests in them too):
news-field-publishing = Publishing
news-publishing-now = Publish now
news-publishing-keep = Keep it published
news-publishing-at = Schedule for:
news-field-publish-at = Publish date and time
news-publishing-draft = Save as a draft
news-publishing-archive = Archive (only editors still see it)
news-field-ends-at = End date (optional)
news-field-ends-at-hint = After it, the item leaves the start page; it stays in the archive.
news-field-featured = Feature on top of the start page
news-field-featured-until = Featured until
news-field-reactions = Allow comments and likes
news-field-reactions-help = Readers can comment and like the item. Switched off, existing comments stay visible but nobody can add more.
news-field-confirmation = Ask for a read confirmation ("Read and understood")
news-field-confirmation-help = Everyone in the audience sees the item as "To confirm" until they confirm. You see who has and has not confirmed.
news-field-confirm-due = Confirm before (optional)
news-field-edit = What kind of change is this?
news-edit-correction = A small correction
news-edit-correction-help = A typo, say. Confirmations given stay.
news-edit-version = Changed content
news-edit-version-help = Everyone confirms again. The item shows what changed.
news-field-change-note = What changed?
news-error-audience = Choose one or more groups you can see.
news-error-ends = The end date must come after the publish date.
news-error-due = The confirmation date must come after the publish date.
news-error-date = Enter a date and time, for example 28-11-2026 14:00.
news-report-link = Read confirmations
news-report-title = Read confirmations: { $title }
news-report-heading = Read confirmations
news-report-standing = Standing
news-report-summary = { $confirmed } of { $audience } people have confirmed ({ $percent }%).
news-report-csv = Download for Excel
news-remind = Send a reminder
news-remind-text = { $count ->
    [one] One person has not confirmed yet and gets a reminder in Plein and by e-mail.
   *[other] { $count } people have not confirmed yet and get a reminder in Plein and by e-mail.
}
news-report-chart = Over time
news-report-chart-text = Confirmations per day from { $first } to { $last }: { $confirmed } of { $audience }.
news-report-chart-caption = Bars: confirmations per day. Line: the total.
news-report-chart-table = The figures as a table
news-report-day = Day
news-report-that-day = That day
news-report-total = Total
news-report-none-yet = Nobody has confirmed yet.
news-report-groups = Per group
news-report-group = Group
news-report-confirmed = Confirmed
news-report-not-yet = Not yet
news-report-audience = Audience
news-report-people = People
news-report-open = Not confirmed yet
news-report-bevestigd = Confirmed
news-report-iedereen = Everyone
news-report-nobody = Nobody in this list.
news-report-more = More people
news-csv-name = Name
news-csv-department = Department
news-csv-email = E-mail address
news-csv-kind = Kind
news-csv-confirmed = Confirmed on
news-csv-guest = guest
news-csv-employee = employee
notification-news = News: { $title }
notification-news-reminder = Reminder: confirm you have read "{ $title }"
notifications-news-choice = Ordinary news
notifications-news-none = Do not tell me
notifications-news-app = Tell me in Plein
notifications-news-mail = Tell me in Plein and by e-mail
notifications-news-help = News that asks for a read confirmation always comes in Plein and by e-mail.
notifications-news-save = Save
mail-news-subject = News: { $title }
mail-news-intro = There is news for you on the intranet of { $organisation }:
mail-news-confirm-subject = Please confirm: { $title }
mail-news-confirm-intro = The editors of { $organisation } ask you to read this item and confirm that you have read and understood it:
mail-news-reminder-subject = Reminder: { $title }
mail-news-reminder-intro = You have not yet confirmed that you have read and understood this item:
mail-news-due = Please confirm before { $due }.
home-news-to-confirm = { $count ->
    [one] One item to confirm
   *[other] { $count } items to confirm
}
search-kind-news = News ({ $count })
search-kind-news-more = News ({ $count }+)
search-hit-news = News
branding-error-contrast = Not enough contrast: { $ratio }:1.
branding-error-contrast-primary-text = White text on this primary colour is hard to read: contrast { $ratio }:1, at least 4.5:1 is needed.
branding-error-contrast-primary-control = Buttons in this primary colour fade into the background: contrast { $ratio }:1, at least 3:1 is needed.
branding-error-contrast-header-text = White text on this header colour is hard to read: contrast { $ratio }:1, at least 4.5:1 is needed.
branding-error-contrast-header-focus = The yellow focus ring fades into this header colour: contrast { $ratio }:1, at least 3:1 is needed.
branding-error-contrast-link-text = Links in this colour are hard to read on the background: contrast { $ratio }:1, at least 4.5:1 is needed.
admin-branding = Branding
admin-branding-intro = The intranet's name, logo, browser icon, colours and the text on the login page.
branding-title = Branding
branding-intro = So colleagues recognise their own intranet. Colours are checked for enough contrast (WCAG 2.1 AA) before they are saved. The change shows at once.
branding-name = The intranet's name
branding-name-hint = "Samen@Work", for example. Leave it empty for "{ $name }" from the configuration file.
branding-logo = Logo
branding-logo-current = The current logo
branding-logo-remove = Remove the logo
branding-logo-file = Choose a logo (PNG, JPEG, WebP or GIF)
branding-logo-alt = Description of the logo
branding-favicon = Icon in the browser tab
branding-favicon-current = The current icon
branding-favicon-remove = Remove the icon
branding-favicon-file = Choose a square icon (PNG, JPEG, WebP or GIF)
branding-colours = Colours
branding-colours-hint = As #rrggbb, for example #00634f. Leave empty for Plein's colour. Links take the primary colour unless you choose a link colour.
branding-primary-colour = Primary colour (buttons)
branding-header-colour = Header
branding-link-colour = Links
branding-login-intro = Text on the login page
branding-login-intro-hint = Who may log in and where to get help, for example.
branding-save = Save
branding-saved = The branding was saved.
space-news = News of this team
space-news-write = Write news
space-news-none = This team has no news yet.
