// PlumblineCore
